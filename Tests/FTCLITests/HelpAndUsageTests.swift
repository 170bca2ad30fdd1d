import Foundation
import FTTestSupport
import Testing

@Suite("ftctl --version, --help and usage errors")
struct HelpAndUsageTests {
    let ftctl = FTCtlRunner()

    @Test func versionPrintsOnStdout() async throws {
        let r = try await ftctl.run(["--version"])
        #expect(r.code == 0)
        #expect(r.stdout == "ftctl 0.1.0\n")
    }

    /// `ftctl ... | head` closes the pipe before ftctl has written everything: ftctl stops writing
    /// and exits as it would have, without the fatal error Foundation's FileHandle raised on EPIPE.
    @Test(arguments: [["--generate-completion-script", "bash"], ["jobs", "create", "--help"]])
    func aReaderThatLeavesEarlyEndsTheOutputQuietly(arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BinaryRunner.path("ftctl"))
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try out.fileHandleForReading.close()  // the reader is gone before the first write
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0, "stderr: \(stderr)")
        #expect(stderr.isEmpty, "stderr: \(stderr)")
    }

    #if os(Linux)
    /// libcurl and its ~30 libraries are opened on first use: a command that never touches the
    /// network starts without them (6 MiB and a few ms less, Docs/BENCH.md). glibc's loader names
    /// each library it loads under LD_DEBUG=libs; the network command shows the trace works.
    @Test func onlyCommandsThatUseTheNetworkLoadLibcurl() async throws {
        let trace = ["LD_DEBUG": "libs"]
        let offline = try await ftctl.run(["--version"], env: trace)
        #expect(offline.code == 0)
        #expect(offline.stderr.contains("calling init"), "no loader trace: \(offline.stderr.prefix(200))")
        #expect(!offline.stderr.contains("libcurl"))
        // Port 9 on loopback refuses at once.
        let online = try await ftctl.run(["jobs", "list", "--base-url", "http://127.0.0.1:9/v1", "--max-retries", "0"],
                                         env: trace.merging(["OPENAI_API_KEY": "sk-test"]) { $1 })
        #expect(online.code != 0)
        #expect(online.stderr.contains("libcurl"))
    }
    #endif

    /// Every command of the contract has help that names its own usage.
    @Test(arguments: [
        "", "jobs", "jobs create", "jobs list", "jobs get", "jobs cancel", "jobs stop", "jobs restart", "jobs pause",
        "jobs resume", "jobs deploy", "jobs delete", "jobs logs", "jobs wait", "jobs metrics", "jobs checkpoints",
        "files", "files upload", "files list", "files get", "files delete", "files download", "models list",
        "hardware list", "stats", "estimate", "validate", "config", "config list", "config current", "config use",
        "config get", "config set", "config path", "sandbox", "jobs clone", "jobs diff", "export", "spend",
    ])
    func helpWorks(command: String) async throws {
        let words = command.split(separator: " ").map(String.init)
        let r = try await ftctl.run(words + ["--help"])
        #expect(r.code == 0, "\(command): \(r.stderr)")
        #expect(r.stdout.contains("USAGE: ftctl \(command)"), "\(command): \(r.stdout)")
        #expect(r.stderr.isEmpty)
        // Paragraphs are wrapped by the parser at the terminal's width, not broken where the source
        // line ends: no stub of a line between two full ones.
        let overview = r.stdout.components(separatedBy: "USAGE:")[0].split(separator: "\n", omittingEmptySubsequences: false)
        for i in overview.indices.dropFirst().dropLast() where !overview[i].hasPrefix(" ") {
            let stub = !overview[i].isEmpty && overview[i].count < 45 && overview[i - 1].count >= 70
            let continues = !overview[i + 1].isEmpty && !overview[i + 1].hasPrefix("Example")
            #expect(!(stub && continues), "\(command) --help breaks a paragraph at '\(overview[i])'")
        }
    }

    @Test func jobsCreateHelpListsTheContractFlags() async throws {
        let r = try await ftctl.run(["jobs", "create", "--help"])
        for flag in ["--model", "--training-file", "--validation-file", "--epochs", "--learning-rate-multiplier", "--batch-size",
                     "--warmup-ratio", "--lora-r", "--suffix", "--seed", "--metadata", "--integration", "--from-checkpoint",
                     "--set", "--dry-run", "--max-cost", "--wait", "--follow", "--output", "--field", "--raw", "--verbose"] {
            #expect(r.stdout.contains(flag), "missing \(flag)")
        }
    }

    @Test func unknownFlagExits64OnOneLine() async throws {
        let r = try await ftctl.run(["jobs", "list", "--bogus"])
        r.expectOneLineError(64, containing: "--bogus")
    }

    @Test func badValueExits64() async throws {
        let r = try await ftctl.run(["jobs", "create", "--model", "m", "--training-file", "f", "--seed", "-1"])
        r.expectOneLineError(64, containing: "--seed")
        let t = try await ftctl.run(["jobs", "list", "--timeout", "soon"])
        t.expectOneLineError(64, containing: "--timeout")
    }

    @Test func unknownProviderIsAUsageError() async throws {
        let r = try await ftctl.run(["jobs", "list", "--provider", "nope"])
        r.expectOneLineError(64, containing: "'nope' is invalid for '--provider <id>'")
        #expect(r.stderr.contains("'generic-v1'"))
    }

    @Test func anUnknownModelIsNotFoundWithTheKnownOnes() async throws {
        let r = try await ftctl.run(["estimate", "--model", "m", "--tokens", "1000"])
        r.expectOneLineError(5, containing: "unknown model 'm'")
        #expect(r.stderr.contains("Known models"))
        let close = try await ftctl.run(["estimate", "--model", "llama-3.1", "--tokens", "1000"])
        close.expectOneLineError(5, containing: "Did you mean")
    }
}
