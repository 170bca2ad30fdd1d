import FTCLI
import FineTuning
import Foundation
import Testing

/// Every option and argument of every command, given hostile values, ends with a one-line error
/// or succeeds: never a trap (which would kill this process), never a hang (each run has a
/// deadline). Runs in-process against an in-memory server that answers every request plausibly.
@Suite("hostile values for every option of every command")
struct ArgumentSweepTests {
    static let hostile = [
        "", "=", "a=b=c", "hf:@", "nan", "-inf", "-1", "1e309", "99999999999999999999", "9223372036854775807s",
        "ü🙂\u{202E}x\u{0}", String(repeating: "x", count: 10_000), "/nonexistent/dir/file.jsonl", "-", "{", "wandb:",
        "/dev/null",
    ]
    /// Written as `--option=VALUE` too: the parser splits these itself.
    static let joined: Set<String> = ["", "=", "-1", "-"]

    /// Commands the sweep must not run in-process: `sandbox` replaces the process with the emulator.
    static let skipped: Set<String> = ["ftctl sandbox"]

    struct Leaf {
        let path: [String]
        let options: [(name: String, takesValue: Bool)]
        let positionals: Int
    }

    /// The command tree as ftctl itself describes it (`--experimental-dump-help`).
    static func leaves() async throws -> [Leaf] {
        let (code, out) = await run(["--experimental-dump-help"])
        #expect(code == 0)
        let tree = try #require(JSONValue.parse(Data(out.stdout.utf8)))
        var found: [Leaf] = []
        func walk(_ command: JSONValue, _ path: [String]) {
            let name = command["commandName"]?.string ?? ""
            let here = path + [name]
            if let subs = command["subcommands"]?.array, !subs.isEmpty {
                for s in subs { walk(s, here) }
                return
            }
            var options: [(String, Bool)] = []
            var positionals = 0
            for a in command["arguments"]?.array ?? [] {
                let kind = a["kind"]?.string ?? ""
                if kind == "positional" { positionals += 1; continue }
                let names = a["names"]?.array ?? []
                guard let long = names.first(where: { $0["kind"]?.string != "short" })?["name"]?.string ?? names.first?["name"]?.string else { continue }
                let dashed = (names.first { $0["name"]?.string == long }?["kind"]?.string == "short" ? "-" : "--") + long
                if ["--help", "--version", "-h"].contains(dashed) { continue }
                options.append((dashed, kind == "option"))
            }
            found.append(Leaf(path: here, options: options, positionals: positionals))
        }
        walk(try #require(tree["command"]), [])
        return found
    }

    static func run(_ args: [String]) async -> (Int32, Captured) {
        let captured = Captured()
        let home = NSTemporaryDirectory() + "ftctl-sweep"
        let environment = ["OPENAI_API_KEY": "sk-sweep-secret", "HOME": home, "XDG_CONFIG_HOME": home + "/config"]
        let context = CLIContext(environment: environment, writeOut: { captured.write(out: $0) }, writeErr: { captured.write(err: $0) },
                                 writeOutBytes: { captured.write(outBytes: $0) },
                                 stdoutIsTTY: false, stdinIsTTY: false, terminalWidth: nil,
                                 makeTransport: { _ in AnswerEverything() }, confirm: { _ in false })
        let code = await FTCtl.run(arguments: args, context: context)
        return (code, captured)
    }

    /// Runs one command line with a deadline; records a hang or a reply that breaks the contract.
    static func check(_ args: [String]) async {
        let outcome = await withTaskGroup(of: (Int32, Captured)?.self) { group in
            group.addTask { await run(args) }
            group.addTask {
                try? await Task.sleep(nanoseconds: 20_000_000_000)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let (code, out) = outcome else {
            Issue.record("hang: ftctl \(args.map { $0.prefix(30) }.joined(separator: " "))")
            return
        }
        let shown = args.map { String($0.prefix(30)) }.joined(separator: " ")
        if code != 0 {
            let lines = out.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
            if args.contains("--verbose") || args.contains("-v") {
                // The HTTP trace comes first; the error is still one line, the last.
                #expect(lines.last?.hasPrefix("ftctl: ") == true && lines.filter { $0.hasPrefix("ftctl: ") }.count == 1,
                        "ftctl \(shown) → \(code): \(out.stderr.suffix(300))")
            } else {
                #expect(lines.count == 1 && out.stderr.hasPrefix("ftctl: "), "ftctl \(shown) → \(code): \(out.stderr.prefix(300))")
            }
        }
        #expect(!out.stdout.contains("sk-sweep-secret") && !out.stderr.contains("sk-sweep-secret"), "ftctl \(shown) printed the key")
    }

    /// A download with no -O goes to the command's own stdout, as every other output does.
    @Test func aDownloadWithoutOutputFileGoesToTheInjectedStdout() async {
        let (code, out) = await Self.run(["files", "download", "file-1"])
        #expect(code == 0, "stderr: \(out.stderr)")
        #expect(out.stdoutBytes == Data(AnswerEverything.content.utf8))
    }

    @Test func everyOptionOfEveryCommand() async throws {
        let leaves = try await Self.leaves()
        #expect(leaves.count > 25)
        let globals = Set(["--profile", "--provider", "--base-url", "--api-key-env", "--output", "--field", "--timeout", "--max-retries",
                           "--header", "--portkey-provider", "--portkey-virtual-key", "--portkey-config", "--tfy-provider-name",
                           "--tfy-metadata"])
        var lines: [[String]] = []
        // An option group shared by several commands (the job fields of create and clone, the
        // rules and hooks of wait, logs and create) is parsed by one type: the first command to
        // have an option gets the most hostile values, later ones a share of them in turn.
        // `make test` gives a first-seen option every other value, rotating so that each value
        // meets every value type's parser many times (a debug process spends most of a run in
        // swift-argument-parser's debug-only declaration checks); `scripts/bench.sh sweep`
        // (FTCTL_FULL_SWEEP=1) gives every option every value.
        let full = ProcessInfo.processInfo.environment["FTCTL_FULL_SWEEP"] != nil
        let (firstShare, laterShare) = full ? (1, 4) : (2, 8)
        var swept = Set<String>()
        for (n, leaf) in leaves.enumerated() where !Self.skipped.contains(leaf.path.joined(separator: " ")) {
            // `top` redraws until stopped; its snapshot is what can end on its own.
            let command = Array(leaf.path.dropFirst()) + (leaf.path.last == "top" ? ["--once"] : [])
            // `export DIR` writes the folder it is given: only inside the sweep's own folder.
            let place: (String) -> String = leaf.path.last == "export" ? { NSTemporaryDirectory() + "ftctl-sweep/out/" + $0 } : { $0 }
            let ids = Array(repeating: place("ftjob-1"), count: leaf.positionals)
            // Global options once per command family is enough: they are parsed by the same code.
            let local = leaf.options.filter { !globals.contains($0.name) || command == ["jobs", "get"] }
            let firstSweep = Set(local.map(\.name)).subtracting(swept)
            swept.formUnion(local.map(\.name))
            for (i, value) in Self.hostile.enumerated() {
                if leaf.positionals > 0 { lines.append(command + Array(repeating: place(value), count: leaf.positionals)) }
                for (j, option) in local.enumerated() where option.takesValue
                    && (firstSweep.contains(option.name) ? (i + j) % firstShare == 0 : (i + n + j) % laterShare == 0) {
                    // `-O VALUE` would write a file named VALUE here; only stdout (-), /dev/null (which
                    // must stay a device) and paths that cannot exist are tried.
                    if option.name.contains("output-file") && !["-", "/dev/null"].contains(value) && !value.hasPrefix("/nonexistent") { continue }
                    lines.append(command + ids + [option.name, value])
                    if Self.joined.contains(value) { lines.append(command + ids + [option.name + "=" + value]) }
                }
            }
            for option in local where !option.takesValue { lines.append(command + ids + [option.name]) }
        }
        #expect(lines.count > 1000, "\(lines.count) command lines")
        print("argument sweep: \(lines.count) command lines\(full ? " (full)" : "")")
        // Two at a time: the machine has two cores.
        var index = 0
        while index < lines.count {
            await withTaskGroup(of: Void.self) { group in
                for args in lines[index..<min(index + 2, lines.count)] { group.addTask { await Self.check(args) } }
            }
            index += 2
        }
        var null = stat()
        #expect(stat("/dev/null", &null) == 0 && null.st_mode & S_IFMT == S_IFCHR, "/dev/null is no longer a character device")
    }
}

/// An in-memory provider that answers every request with something plausible: a succeeded job,
/// one-item lists, a file, an empty body for deletes and downloads.
struct AnswerEverything: HTTPTransport {
    static let job = #"{"id":"ftjob-1","object":"fine_tuning.job","status":"succeeded","model":"gpt-4o-mini","created_at":1721764800,"training_file":"file-1","fine_tuned_model":"ft:gpt-4o-mini:x","trained_tokens":10}"#
    static let content = #"{"t":"é😀"}"# + "\n"
    static let file = #"{"id":"file-1","object":"file","bytes":12,"created_at":1721764800,"filename":"a.jsonl","purpose":"fine-tune"}"#

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let path = URLComponents(string: request.url)?.path ?? ""
        let body: String
        if path.hasSuffix("/events") || path.hasSuffix("/checkpoints") {
            body = #"{"object":"list","has_more":false,"data":[{"id":"ev-1","created_at":1721764800,"level":"info","message":"ok","data":{"step":1,"train_loss":0.5}}]}"#
        } else if path.contains("/permissions") {
            body = request.method == .delete ? #"{"id":"cp_1","object":"checkpoint.permission","deleted":true}"#
                : #"{"object":"list","has_more":false,"data":[{"id":"cp_1","object":"checkpoint.permission","created_at":1721764800,"project_id":"proj_1"}]}"#
        } else if path.contains("/alpha/graders") {
            body = #"{"grader":{"type":"string_check","name":"g"},"reward":1,"metadata":{"name":"g"},"sub_rewards":{}}"#
        } else if path.hasSuffix("/fine_tuning/jobs") && request.method == .get {
            body = #"{"object":"list","has_more":false,"data":[\#(Self.job)]}"#
        } else if path.contains("/fine_tuning/jobs") {
            body = Self.job
        } else if path.hasSuffix("/files") && request.method == .get {
            body = #"{"object":"list","has_more":false,"data":[\#(Self.file)]}"#
        } else if path.hasSuffix("/content") {
            // Two chunks that cut "é" in two, as a transport's chunks may.
            if let sink = request.sink {
                let bytes = Array(Self.content.utf8)
                try bytes[..<7].withUnsafeBytes { try sink.receive($0) }
                try bytes[7...].withUnsafeBytes { try sink.receive($0) }
            }
            body = ""
        } else if path.contains("/files") || path.contains("/uploads") {
            body = Self.file
        } else {
            return HTTPResponse(status: 404, body: Data(#"{"error":{"message":"no such route"}}"#.utf8))
        }
        return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(body.utf8))
    }
}
