import FTCore
import FTTestSupport
import Foundation
import Testing

/// The official `openai` Python package (FTCTL_TEST_PYTHON venv) against the sandbox's newer
/// routes, so they answer as OpenAI's own client expects, and ftctl against the same state.
@Suite("openai SDK: reinforcement, checkpoint permissions, graders, files")
struct OpenAISDKAlphaTests {
    @Test func theOfficialPackageDrivesTheNewRoutes() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let data = try b.dataset()
        let script = #"""
        import sys
        from openai import OpenAI
        c = OpenAI(base_url=sys.argv[1], api_key="sk-sandbox", max_retries=0)
        grader = {"type": "string_check", "name": "g", "input": "{{sample.output_text}}", "reference": "{{item.label}}", "operation": "eq"}
        f = c.files.create(file=open(sys.argv[2], "rb"), purpose="fine-tune", expires_after={"anchor": "created_at", "seconds": 3600})
        assert f.expires_at == f.created_at + 3600, (f.expires_at, f.created_at)
        assert [x.id for x in c.files.list(purpose="fine-tune", order="asc").data][-1] == f.id
        j = c.fine_tuning.jobs.create(model="o4-mini", training_file=f.id, method={"type": "reinforcement",
            "reinforcement": {"grader": grader, "hyperparameters": {"reasoning_effort": "low", "eval_samples": 2}}})
        assert j.method.type == "reinforcement", j.method
        assert j.method.reinforcement.grader.type == "string_check"
        assert j.method.reinforcement.hyperparameters.reasoning_effort == "low"
        model = "ft:o4-mini:org:weather:B7R9VjQd"
        made = c.fine_tuning.checkpoints.permissions.create(fine_tuned_model_checkpoint=model, project_ids=["proj_a", "proj_b"])
        assert [p.project_id for p in made.data] == ["proj_a", "proj_b"], made
        listed = c.fine_tuning.checkpoints.permissions.list(fine_tuned_model_checkpoint=model, order="ascending")
        assert [p.project_id for p in listed.data] == ["proj_a", "proj_b"], listed
        gone = c.fine_tuning.checkpoints.permissions.delete(listed.data[0].id, fine_tuned_model_checkpoint=model)
        assert gone.deleted
        v = c.fine_tuning.alpha.graders.validate(grader=grader)
        assert v.grader.name == "g", v
        r = c.fine_tuning.alpha.graders.run(grader=grader, model_sample="yes", item={"label": "yes"})
        assert r.reward == 1.0, r
        print("ok", j.id)
        """#
        let python = ProcessInfo.processInfo.environment["FTCTL_TEST_PYTHON"] ?? "python3"
        let r = try await b.run("/usr/bin/env", [python, "-c", script, sandbox.v1, data],
                                env: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        #expect(r.code == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("ok ftjob-"))

        // ftctl reads what the package left: one permission (proj_b) remains.
        let model = "ft:o4-mini:org:weather:B7R9VjQd"
        let perms = try await b.ftctl(["jobs", "checkpoints", "permissions", model, "-o", "json"])
        perms.expectSuccess()
        let items = try #require(JSONValue.parse(Data(perms.stdout.utf8))?.array)
        #expect(items.map { $0["project_id"] } == ["proj_b"])
        let shared = try await b.ftctl(["jobs", "checkpoints", "share", model, "--project", "proj_c", "-q"])
        shared.expectSuccess()
        let pid = shared.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(pid.hasPrefix("cp_"))
        try await b.ftctl(["jobs", "checkpoints", "unshare", model, pid, "-q"]).expectSuccess()
        let after = try await b.ftctl(["jobs", "checkpoints", "permissions", model, "--project", "proj_c", "-q"])
        #expect(after.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }

    @Test func gradersValidateAndRunThroughFtctl() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let path = b.home + "/grader.yaml"
        try "type: string_check\nname: g\ninput: \"{{sample.output_text}}\"\nreference: \"{{item.label}}\"\noperation: eq\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let valid = try await b.ftctl(["graders", "validate", path, "-o", "json"])
        valid.expectSuccess()
        #expect(JSONValue.parse(Data(valid.stdout.utf8))?["grader"]?["operation"] == "eq")
        let run = try await b.ftctl(["graders", "run", path, "--sample", "yes", "--item", #"{"label":"yes"}"#, "-o", "json"])
        run.expectSuccess()
        #expect(JSONValue.parse(Data(run.stdout.utf8))?["reward"] == 1.0)
        // A bad grader fails here, naming the problem, before anything is sent.
        try "type: string_check\nname: g\n".write(toFile: path, atomically: true, encoding: .utf8)
        let bad = try await b.ftctl(["graders", "validate", path])
        #expect(bad.code == 64 && bad.stderr.contains("needs input"), "\(bad.stderr)")
        // Nebius has no grader endpoints.
        let nebius = try await Binaries(ProviderEndToEndTests.env("nebius", sandbox)).ftctl(["graders", "run", path, "--sample", "x"])
        #expect(nebius.code != 0)
    }

    @Test func filesListFiltersAndExpiry() async throws {
        let journal = SubmissionTests.journalPath()
        defer { unlink(journal) }
        let sandbox = try await RunningSandbox.start(journal: journal)
        defer { sandbox.stop() }
        let b = Binaries(ProviderEndToEndTests.env("openai", sandbox))
        let up = try await b.ftctl(["files", "upload", try b.dataset(), "--expires-after", "2h", "-o", "json"])
        up.expectSuccess()
        let file = try #require(JSONValue.parse(Data(up.stdout.utf8)))
        let multipart = try #require(sandbox.received("POST", pathSuffix: "/files").last)
        #expect(multipart["content_type"]?.string?.hasPrefix("multipart/form-data") == true)
        let raw = try await b.ftctl(["files", "get", try #require(file["id"]?.string), "--raw", "-o", "json"])
        let got = try #require(JSONValue.parse(Data(raw.stdout.utf8)))
        #expect(got["expires_at"]?.int == (got["created_at"]?.int ?? 0) + 7200)
        for bad in ["30m", "31d", "soon"] {
            let r = try await b.ftctl(["files", "upload", try b.dataset(), "--expires-after", bad])
            #expect(r.code == 64 && r.stderr.contains("3600 to 2592000"), "\(bad): \(r.stderr)")
        }
        let list = try await b.ftctl(["-v", "files", "list", "--purpose", "fine-tune", "--order", "asc", "--limit", "5", "-q"])
        list.expectSuccess()
        #expect(list.stderr.contains("purpose=fine-tune") && list.stderr.contains("order=asc"), "\(list.stderr)")
        let tfy = try await Binaries(ProviderEndToEndTests.env("truefoundry", sandbox)).ftctl(["files", "list", "--order", "asc"])
        #expect(tfy.code == 6, "\(tfy.stderr)")
    }
}
