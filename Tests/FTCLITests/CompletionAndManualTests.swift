import FTTestSupport
import Foundation
import Testing

/// `make install` writes completions and a man page from the command tree; both must cover it.
@Suite("shell completions and the man page")
struct CompletionAndManualTests {
    let ftctl = FTCtlRunner()

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionsKnowTheCommandsAndTheTableFlags(shell: String) async throws {
        let r = try await ftctl.run(["--generate-completion-script", shell])
        #expect(r.code == 0, "\(r.stderr)")
        // fish names long options without their dashes.
        for word in ["jobs", "create", "training-file", "learning-rate-multiplier", "lora-r", "wait-timeout", "files"] {
            #expect(r.stdout.contains(word), "\(shell) completion lacks \(word)")
        }
    }

    @Test func theManPageHasEveryCommandAndEveryJobField() async throws {
        let dump = try await ftctl.run(["--experimental-dump-help"])
        #expect(dump.code == 0)
        let input = ftctl.home + "/dump.json"
        try dump.stdout.write(toFile: input, atomically: true, encoding: .utf8)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/manpage.py").path
        let r = try await ftctl.runner.run("/bin/sh", ["-c", "python3 \"$0\" < \"$1\"", script, input])
        #expect(r.code == 0, "\(r.stderr)")
        let page = r.stdout
        #expect(page.hasPrefix(".TH FTCTL 1"))
        for section in ["jobs create", "jobs list", "jobs wait", "files upload", "config set", "estimate", "validate"] {
            #expect(page.contains(".SS ftctl " + section.replacingOccurrences(of: "-", with: "\\-")), "no section for \(section)")
        }
        for flag in ["training\\-file", "learning\\-rate\\-multiplier", "lora\\-dropout", "max\\-retries"] {
            #expect(page.contains(flag), "no \(flag)")
        }
    }
}
