import FTCore
import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// A user's command run on a job's outcome (`--on-success`, `--on-failure`, `--on-rule`): through
/// `/bin/sh -c`, with the job's facts in `FTCTL_*` variables and its JSON on stdin. Its exit code
/// is reported, not swallowed; one that outlives the time limit is stopped (SIGTERM to its process
/// group, then SIGKILL) and reported as such.
public struct HookCommand: Sendable {
    public var command: String
    public var timeout: Double

    public init(_ command: String, timeout: Double = 60) {
        self.command = command
        self.timeout = timeout
    }

    public enum Ending: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)
        case timedOut(Double)

        public var description: String {
            switch self {
            case .exited(let c): return "exited \(c)"
            case .signalled(let s): return "was killed by signal \(s)"
            case .timedOut(let t): return "was stopped after \(DurationText.format(t)) (the hook time limit)"
            }
        }
    }

    /// The variables a hook gets for `job` and `event`.
    public static func environment(for event: HookEvent) -> [String: String] {
        var env = [
            "FTCTL_JOB_ID": event.jobID,
            "FTCTL_OUTCOME": event.outcome,
        ]
        if let job = event.job {
            env["FTCTL_JOB_STATUS"] = job.status.rawValue
            env["FTCTL_PROVIDER"] = job.provider
            env["FTCTL_MODEL"] = job.model ?? ""
            env["FTCTL_FINE_TUNED_MODEL"] = job.fineTunedModel ?? ""
        }
        if let firing = event.firing {
            env["FTCTL_RULE"] = firing.rule.description
            env["FTCTL_RULE_ACTION"] = firing.action.rawValue
            env["FTCTL_RULE_DETAIL"] = firing.line
        }
        return env
    }

    public func run(_ event: HookEvent) async throws -> Ending {
        let variables = Self.environment(for: event)
        let stdin = event.json.serialized() + "\n"
        let command = self.command
        let limit = timeout
        return try await withThrowingTaskGroup(of: Ending?.self) { group in
            group.addTask {
                var env: [Environment.Key: String?] = [:]
                for (k, v) in variables { env[Environment.Key(stringLiteral: k)] = v }
                var options = PlatformOptions()
                // Its own process group, so a timeout stops whatever the shell started too.
                options.processGroupID = 0
                options.teardownSequence = [.send(signal: .terminate, toProcessGroup: true, allowedDurationToNextStep: .seconds(2))]
                // Stdin from an unlinked file, not a pipe: a hook that never reads it must not make
                // the write fail (EPIPE) half-way.
                let input = try Self.stdinFile(stdin)
                let result = try await Subprocess.run(.path(FilePath("/bin/sh")), arguments: ["-c", command],
                                                      environment: .inherit.updating(env), platformOptions: options,
                                                      input: .fileDescriptor(input, closeAfterSpawningProcess: true),
                                                      output: .discarded, error: .discarded)
                switch result.terminationStatus {
                case .exited(let code): return .exited(Int32(code))
                case .signaled(let signal): return .signalled(Int32(signal))
                }
            }
            group.addTask {
                try await Pause.sleep(limit)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            // The command's task tears the process down when cancelled; wait for it to be gone.
            while let _ = try? await group.next() {}
            return first ?? .timedOut(limit)
        }
    }
}

extension HookCommand {
    /// A read-only descriptor of a file holding `text`, already unlinked (nothing is left behind).
    static func stdinFile(_ text: String) throws -> FileDescriptor {
        var template = Array((NSTemporaryDirectory() + "/ftctl-hook-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FTError(.io, what: "run a hook", why: "no temporary file (\(String(cString: strerror(errno))))") }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        unlink(path)
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { close(fd); throw FTError(.io, what: "run a hook", why: String(cString: strerror(errno))) }
            written += n
        }
        lseek(fd, 0, SEEK_SET)
        return FileDescriptor(rawValue: fd)
    }
}

/// One outcome a hook or a webhook hears of.
public struct HookEvent: Sendable {
    public var jobID: String
    /// `succeeded`, `failed`, `cancelled`, `stopped`, or `rule`.
    public var outcome: String
    public var job: Job?
    public var firing: RuleFiring?

    public init(jobID: String, outcome: String, job: Job?, firing: RuleFiring? = nil) {
        self.jobID = jobID
        self.outcome = outcome
        self.job = job
        self.firing = firing
    }

    /// What a hook reads on stdin and a webhook receives: Slack-compatible `text`, and the facts.
    public var json: JSONValue {
        .object(JSONObject([
            ("text", .string(text)),
            ("event", .string(outcome)),
            ("job_id", .string(jobID)),
            ("rule", firing.map { .string($0.rule.description) } ?? .null),
            ("detail", firing.map { .string($0.line) } ?? .null),
            ("job", job?.json ?? .null),
        ]))
    }

    /// `ftctl: job ftjob-1 succeeded (ft:gpt-4o-mini:acme::abc)`.
    public var text: String {
        if let firing { return "ftctl: job \(jobID): \(firing.line)" }
        var line = "ftctl: job \(jobID) \(outcome)"
        if let model = job?.fineTunedModel, outcome == "succeeded" { line += " (\(model))" }
        if let why = job?.error?.message, outcome == "failed" { line += ": \(why)" }
        return line
    }
}
