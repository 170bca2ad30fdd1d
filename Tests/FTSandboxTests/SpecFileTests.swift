import FTCore
import Foundation
import Testing

@Suite("jobs create -f SPEC")
struct SpecFileTests {
    @Test func aYAMLSpecGivesTheFieldsAndFlagsOverrideIt() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let b = Binaries(["OPENAI_API_KEY": "sk-sandbox", "FTCTL_BASE_URL": sandbox.v1])
        let spec = b.home + "/job.yaml"
        try """
        model: gpt-4o-mini
        training_file: file-abc
        epochs: 2
        suffix: from-spec
        metadata:
          team: ml
        """.write(toFile: spec, atomically: true, encoding: .utf8)
        let r = try await b.ftctl(["jobs", "create", "-f", spec, "--epochs", "5", "--dry-run"])
        #expect(r.code == 0, "\(r.stderr)")
        let body = try #require(r.stdout.range(of: "\n\n").flatMap { JSONValue.parse(Data(r.stdout[$0.upperBound...].utf8)) })
        #expect(body["model"] == "gpt-4o-mini")
        #expect(body["suffix"] == "from-spec")
        #expect(body["metadata"]?["team"] == "ml")
        #expect(body["metadata"]?["ftctl_request_id"]?.string?.hasPrefix("ftctl-") == true)
        #expect(body.lookup(path: "method.supervised.hyperparameters.n_epochs") == 5)
    }

    @Test func aBrokenSpecExits65AndAMissingOneExits66() async throws {
        let b = Binaries(["OPENAI_API_KEY": "sk-sandbox"])
        let spec = b.home + "/bad.yaml"
        try "model: [unclosed\n".write(toFile: spec, atomically: true, encoding: .utf8)
        let bad = try await b.ftctl(["jobs", "create", "-f", spec, "--dry-run"])
        #expect(bad.code == 65)
        #expect(bad.stderr.hasPrefix("ftctl: \(spec)"))
        let missing = try await b.ftctl(["jobs", "create", "-f", b.home + "/none.yaml", "--dry-run"])
        #expect(missing.code == 66)
    }
}
