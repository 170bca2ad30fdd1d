import FTCore
import Foundation

/// Which API created a job: each answers in its own shape and has its own rules.
enum EmulatedSurface: String, Sendable {
    case openai, truefoundry, nebius, generic, together
    /// Jobs behind Portkey's gateway on an upstream it translates (PortkeyGateway).
    case portkeyBedrock = "portkey-bedrock", portkeyFireworks = "portkey-fireworks-ai", portkeyVertex = "portkey-vertex-ai"

    /// Training data lives where the sandbox cannot read it (a platform dataset id, an S3 or gs://
    /// URI): an unknown file stands for a modest synthetic dataset.
    var filesLiveElsewhere: Bool { ![.openai, .truefoundry, .nebius].contains(self) }

    /// Pause, resume and the Uploads API: OpenAI's alone.
    var pausesAndUploadsInParts: Bool { self == .openai }
    /// Events and checkpoint lists: OpenAI's and Nebius's (TrueFoundry documents neither).
    var eventsAndCheckpoints: Bool { self == .openai || self == .nebius }
    /// One checkpoint by id, and `result_files` on the list's items: Nebius's.
    var checkpointFiles: Bool { self == .nebius }
    /// Checkpoint permissions, the alpha graders, file filters and expiry: OpenAI's.
    var openAIOnly: Bool { self == .openai }

    /// The status word this surface reports for a state. TrueFoundry's API reference lists queued,
    /// running, succeeded, failed and cancelled, never `validating_files`
    /// (https://www.truefoundry.com/docs/api-reference/fine-tuning/retrieve-fine-tuning-job).
    var renamedStatuses: [JobStatus: JobStatus] {
        switch self {
        case .truefoundry: return [.validatingFiles: .queued]
        default: return [:]
        }
    }

    func word(for status: JobStatus) -> String { (renamedStatuses[status] ?? status).rawValue }
}

/// A simulated fine-tuning job. Its state is a function of virtual time (real time × speed, with
/// pauses taken out), so reading it never needs a background timer, and every read is consistent.
struct SandboxJob: Sendable {
    let id: String
    let surface: EmulatedSurface
    var model: String
    var name: String?
    var description: String?
    var trainingFile: String
    var validationFile: String?
    var suffix: String?
    var seed: Int?
    var metadata: JSONValue = .null
    var hyperparameters = JSONObject()
    var method: JSONValue = .null
    var integrations: JSONValue = .null
    var tags: JSONValue = .null
    var fromCheckpoint: JSONValue = .null
    let createdAt: Date

    // Simulation.
    var examples: Int
    var tokensPerEpoch: Int
    var epochs: Int
    var totalSteps: Int
    /// Why it will fail after validation, when it will.
    var failure: (code: String, message: String)?
    /// Virtual seconds before the last (re)start of the clock.
    var banked: Double = 0
    /// When the clock last started; nil while it is stopped (paused, cancelled, stopped, deployed).
    var anchor: Date?
    /// A status set by an action (cancelled, stopped, paused, deployed) that freezes the simulation.
    var override: JobStatus?
    var overrideAt: Date?
    var startedAtReal: Date?
    /// Events from actions, with the virtual time they happened at.
    var actionEvents: [(virtual: Double, real: Date, level: String, message: String)] = []
    var restarts = 0
    /// Log lines per training step (`--events-per-step`), fixed when the job is made so a restart
    /// with another setting does not rewrite its history.
    var eventsPerStep = 0
    /// Fails after this step instead of finishing (models named *fail-late*).
    var failAtStep: Int?

    // Phase lengths in virtual seconds.
    static let validating = 2.0
    static let queued = 2.0
    var stepSeconds: Double { min(30.0, 4 + Double(totalSteps) * 0.25) / Double(max(totalSteps, 1)) }
    var runStart: Double { Self.validating + Self.queued }
    var runEnd: Double { runStart + stepSeconds * Double(totalSteps) }
    var checkpointEvery: Int { max(1, totalSteps / 4) }
    var metricsEvery: Int { max(1, totalSteps / 10) }
    /// When a failing job fails: after validation, or after its last step for a late failure.
    var failureTime: Double { failAtStep.map { runStart + Double($0) * stepSeconds } ?? Self.validating }
    /// The failure, once it shows: a late failure is not visible while the job still trains.
    func visibleFailure(_ status: JobStatus) -> (code: String, message: String)? {
        failAtStep == nil || status == .failed ? failure : nil
    }
    /// The step a run stops at by itself.
    var lastStep: Int { failure == nil ? (stallStep ?? totalSteps) : (failAtStep ?? 0) }

    func virtualTime(at now: Date, speed: Double) -> Double {
        banked + (anchor.map { max(0, now.timeIntervalSince($0)) * speed } ?? 0)
    }

    /// The status and step at a moment.
    func state(at now: Date, speed: Double) -> (status: JobStatus, step: Int) {
        let v = virtualTime(at: now, speed: speed)
        let step = min(stallStep ?? totalSteps, max(0, Int((v - runStart) / stepSeconds)))
        if let override { return (override, override == .deployed ? totalSteps : step) }
        if v < Self.validating { return (.validatingFiles, 0) }
        if failure != nil && failAtStep == nil { return (.failed, 0) }
        if v < runStart { return (.queued, 0) }
        if failure != nil, let failAtStep, v >= failureTime { return (.failed, failAtStep) }
        if v < runEnd || stallStep != nil { return (.running, step) }
        return (.succeeded, totalSteps)
    }

    /// Real time at which virtual time `v` was (or will be) reached, given the clock as it is.
    func realTime(ofVirtual v: Double, speed: Double) -> Date {
        if let anchor { return anchor.addingTimeInterval((v - banked) / speed) }
        return (overrideAt ?? createdAt).addingTimeInterval(-(banked - v) / speed)
    }

    mutating func stopClock(at now: Date, speed: Double) {
        banked = virtualTime(at: now, speed: speed)
        anchor = nil
    }

    static func trainLoss(_ id: String, step: Int, of total: Int) -> Double {
        let x = Double(step) / Double(max(total, 1))
        let noise = (SeededRandom.hash(id, step) - 0.5) * 0.06
        return ((0.35 + 2.1 * exp(-3.2 * x) + noise) * 1000).rounded() / 1000
    }

    static func validLoss(_ id: String, step: Int, of total: Int) -> Double {
        let x = Double(step) / Double(max(total, 1))
        let noise = (SeededRandom.hash(id + "v", step) - 0.5) * 0.05
        return ((0.42 + 2.0 * exp(-2.9 * x) + noise) * 1000).rounded() / 1000
    }

    /// Everything that has happened by now, oldest first: the lifecycle, `eventsPerStep` lines per
    /// step, the metrics every few steps, checkpoints, and the actions taken on the job. Built in
    /// order (no sort): a 10,000-line job is listed on every poll of a follow test.
    func events(at now: Date, speed: Double) -> [SandboxEvent] {
        let v = virtualTime(at: now, speed: speed)
        var out: [SandboxEvent] = []
        var actions = actionEvents.sorted { $0.virtual < $1.virtual }[...]
        func add(_ at: Double, _ real: Date?, _ level: String, _ message: String, _ step: Int? = nil, _ metrics: JSONObject? = nil) {
            // Actions happened after whatever shares their virtual time, so they go in once time passes them.
            while let a = actions.first, a.virtual < at {
                out.append(SandboxEvent(seq: out.count + 1, time: a.real, level: a.level, message: a.message))
                actions.removeFirst()
            }
            out.append(SandboxEvent(seq: out.count + 1, time: real ?? realTime(ofVirtual: at, speed: speed), level: level,
                                    message: message, step: step, metrics: metrics))
        }
        add(0, createdAt, "info", "Created fine-tuning job: \(id)")
        add(0, createdAt, "info", "Validating training file: \(trainingFile)")
        if v >= Self.validating {
            if let failure, failAtStep == nil {
                add(Self.validating, nil, "error", "Fine-tuning job failed: \(failure.message)")
            } else {
                add(Self.validating, nil, "info", "Files validated, moving job to queued state")
                if v >= runStart { add(runStart, nil, "info", "Fine-tuning job started") }
                addSteps(until: v, add)
                if let failure, v >= failureTime {
                    add(failureTime, nil, "error", "Fine-tuning job failed: \(failure.message)")
                } else if failure == nil, stallStep == nil, v >= runEnd {
                    add(runEnd, nil, "info", "New fine-tuned model created: \(fineTunedModel ?? "")")
                    add(runEnd, nil, "info", "The job has successfully completed")
                }
            }
        }
        for a in actions { out.append(SandboxEvent(seq: out.count + 1, time: a.real, level: a.level, message: a.message)) }
        return out
    }

    /// The steps' lines reached by virtual time `v`: each step's log lines spread over the step,
    /// then its metrics and checkpoint lines at its end.
    private func addSteps(until v: Double, _ add: (Double, Date?, String, String, Int?, JSONObject?) -> Void) {
        guard v >= runStart else { return }
        let last = lastStep
        let n = max(0, eventsPerStep)
        for s in 1...max(1, last) where s <= last {
            let begin = runStart + Double(s - 1) * stepSeconds
            if begin > v { break }
            for k in 0..<n {
                let at = begin + Double(k + 1) / Double(n) * stepSeconds
                if at > v { return }
                add(at, nil, "info", "Step \(s)/\(totalSteps): batch \(k + 1)/\(n) done", s, nil)
            }
            let at = runStart + Double(s) * stepSeconds
            if at > v { return }
            if s % metricsEvery == 0 || s == totalSteps {
                let tl = trainLossValue(step: s)
                var m = JSONObject([("step", .int(Int64(s))), ("train_loss", tl)])
                var msg = "Step \(s)/\(totalSteps): training loss=\(Self.text(tl))"
                if reportsValidLoss {
                    let vl = validLossValue(step: s)
                    m["valid_loss"] = vl
                    msg += ", validation loss=\(Self.text(vl))"
                }
                m["total_steps"] = .int(Int64(totalSteps))
                add(at, nil, "info", msg, s, m)
            }
            if s % checkpointEvery == 0 && s < totalSteps {
                add(at, nil, "info", "Checkpoint created at step \(s)", s, nil)
            }
        }
    }

    var fineTunedModel: String? {
        if surface == .together { return TogetherShapes.outputName(self) }
        let short = model.split(separator: "/").last.map(String.init) ?? model
        return "ft:\(short):sandbox:\(suffix ?? "custom"):\(id.suffix(8))"
    }

    /// Checkpoints saved by now.
    func checkpoints(at now: Date, speed: Double) -> [(step: Int, time: Date)] {
        let (status, step) = state(at: now, speed: speed)
        guard status != .validatingFiles, status != .queued, failure == nil || failAtStep != nil else { return [] }
        var out: [(Int, Date)] = []
        var s = checkpointEvery
        while s <= step {
            out.append((s, realTime(ofVirtual: runStart + Double(s) * stepSeconds, speed: speed)))
            s += checkpointEvery
        }
        if step == totalSteps && out.last?.0 != totalSteps {
            out.append((totalSteps, realTime(ofVirtual: runEnd, speed: speed)))
        }
        return out
    }
}

/// One line of a job's history.
struct SandboxEvent: Sendable {
    var seq: Int
    var time: Date
    var level: String
    var message: String
    var step: Int?
    var metrics: JSONObject?
}
