import FTCLI
import FTCore
import Foundation
import Testing

/// ftctl run in-process with an injected context: a pretend terminal, an in-memory transport that
/// fails the test on any request it was not given, captured stdout and stderr.
final class Captured: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data(), err = ""
    var stdout: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
    var stdoutBytes: Data { lock.withLock { out } }
    var stderr: String { lock.withLock { err } }
    func write(out text: String) { lock.withLock { out.append(contentsOf: text.utf8) } }
    func write(outBytes bytes: UnsafeRawBufferPointer) { lock.withLock { out.append(contentsOf: bytes) } }
    func write(err text: String) { lock.withLock { err += text } }
}

@Suite("terminal output: width, colour, prompts")
struct TerminalOutputTests {
    static let jobs = #"{"object":"list","has_more":false,"data":[{"id":"ftjob-aaaaaaaaaaaaaaaaaaaaaaaa","status":"succeeded","model":"a-very-long-model-name-that-will-not-fit-in-a-narrow-terminal","created_at":1721764800},{"id":"ftjob-b","status":"failed","model":"m","created_at":1721764860}]}"#

    func run(_ args: [String], tty: Bool, width: Int? = nil, env: [String: String] = [:], stdinTTY: Bool = false,
             answer: Bool = false, script: [Result<HTTPResponse, FTError>]) async -> (Int32, Captured, ScriptedTransport) {
        let captured = Captured()
        let wire = ScriptedTransport(script)
        var environment = ["OPENAI_API_KEY": "k", "FTCTL_CONFIG": "/nonexistent/ftctl.yaml", "HOME": "/nonexistent"]
        for (k, v) in env { environment[k] = v }
        let context = CLIContext(environment: environment, writeOut: { captured.write(out: $0) }, writeErr: { captured.write(err: $0) },
                                 writeOutBytes: { captured.write(outBytes: $0) },
                                 stdoutIsTTY: tty, stdinIsTTY: stdinTTY, terminalWidth: width,
                                 makeTransport: { _ in wire }, confirm: { _ in answer })
        let code = await FTCtl.run(arguments: args, context: context)
        return (code, captured, wire)
    }

    @Test func onATerminalTheTableFitsTheWidthAndStatusIsColoured() async {
        let (code, out, _) = await run(["jobs", "list"], tty: true, width: 60,
                                       script: [.success(HTTPResponse(status: 200, body: Data(Self.jobs.utf8)))])
        #expect(code == 0)
        let lines = out.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        let visible = out.stdout.replacingOccurrences(of: "\u{1B}[32m", with: "").replacingOccurrences(of: "\u{1B}[31m", with: "")
            .replacingOccurrences(of: "\u{1B}[0m", with: "")
        for line in visible.split(separator: "\n") { #expect(line.count <= 60, "\(line)") }
        #expect(visible.contains("…"))
        #expect(out.stdout.contains("\u{1B}[32msucceeded\u{1B}[0m"))
        #expect(out.stdout.contains("\u{1B}[31mfailed\u{1B}[0m"))
    }

    @Test(arguments: [["NO_COLOR": "1"], [:]])
    func noColourWithNoColorOrNoColorFlag(env: [String: String]) async {
        let args = env.isEmpty ? ["jobs", "list", "--no-color"] : ["jobs", "list"]
        let (_, out, _) = await run(args, tty: true, width: 200, env: env,
                                    script: [.success(HTTPResponse(status: 200, body: Data(Self.jobs.utf8)))])
        #expect(!out.stdout.contains("\u{1B}["))
        #expect(out.stdout.contains("succeeded"))
    }

    @Test func inAPipeNothingIsCutOrColoured() async {
        let (_, out, _) = await run(["jobs", "list"], tty: false, width: 40,
                                    script: [.success(HTTPResponse(status: 200, body: Data(Self.jobs.utf8)))])
        #expect(out.stdout.contains("a-very-long-model-name-that-will-not-fit-in-a-narrow-terminal"))
        #expect(!out.stdout.contains("\u{1B}["))
    }

    @Test func deleteAsksOnATerminalAndExits7WhenDeclined() async {
        // openai has no delete operation for jobs; files do, so the prompt is tested there.
        let (code, out, wire) = await run(["files", "delete", "file-1"], tty: true, stdinTTY: true, answer: false, script: [])
        #expect(code == 7)
        #expect(out.stderr.hasPrefix("ftctl: delete file file-1: declined at the prompt"))
        #expect(wire.requests.isEmpty)
        let (yes, _, sent) = await run(["files", "delete", "file-1"], tty: true, stdinTTY: true, answer: true,
                                       script: [.success(HTTPResponse(status: 200, body: Data(#"{"id":"file-1","deleted":true}"#.utf8)))])
        #expect(yes == 0)
        #expect(sent.requests.first?.method == .delete)
    }

    @Test func withoutATerminalDeleteNeverAsks() async {
        let (code, _, wire) = await run(["files", "delete", "file-1"], tty: false, stdinTTY: false, answer: false,
                                        script: [.success(HTTPResponse(status: 200, body: Data("{}".utf8)))])
        #expect(code == 0)
        #expect(wire.requests.count == 1)
    }

    @Test func createShowsTheEstimateAndAsksOnATerminal() async throws {
        let path = NSTemporaryDirectory() + "ftctl-estimate-\(UUID().uuidString).jsonl"
        let lines = (0..<12).map { #"{"messages":[{"role":"user","content":"q\#($0)"},{"role":"assistant","content":"a"}]}"# }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let home = NSTemporaryDirectory() + "ftctl-estimate-home-\(UUID().uuidString)"
        let args = ["jobs", "create", "--model", "gpt-4o-mini", "--training-file", path]
        // Declined: exit 7, and nothing was uploaded or created.
        let (code, out, wire) = await run(args, tty: true, env: ["XDG_CONFIG_HOME": home], stdinTTY: true, answer: false, script: [])
        #expect(code == 7, "\(out.stderr)")
        #expect(out.stderr.contains("estimate:"))
        #expect(out.stderr.contains("declined"))
        #expect(wire.requests.isEmpty)
        // With -y nothing is asked and the upload and create go out.
        let file = #"{"id":"file-1","object":"file","bytes":1,"created_at":1,"filename":"x","purpose":"fine-tune"}"#
        let job = #"{"id":"ftjob-1","object":"fine_tuning.job","status":"queued","model":"gpt-4o-mini","created_at":1,"training_file":"file-1"}"#
        let (yes, _, sent) = await run(args + ["-y", "-q"], tty: true, env: ["XDG_CONFIG_HOME": home], stdinTTY: true, answer: false,
                                       script: [.success(HTTPResponse(status: 200, body: Data(file.utf8))),
                                                .success(HTTPResponse(status: 200, body: Data(job.utf8)))])
        #expect(yes == 0)
        #expect(sent.requests.count == 2)
    }
}
