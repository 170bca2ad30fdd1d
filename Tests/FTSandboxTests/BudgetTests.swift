import FTCore
import FTTestSupport
import Foundation
import Testing

/// The budgets a job is held to before anything is sent (exit 7): `--max-cost`, and a profile's
/// `monthly_budget` against this month's ledger. They hold for `jobs create`, for its dry run
/// (which ends as the real run would), and for `jobs clone` into a profile that has a budget.
/// Through the real binary against the real sandbox, whose journal shows what reached it.
@Suite("budgets, before anything is sent")
struct BudgetTests {
    @Test func theMonthlyBudgetHoldsForCreatesDryRunsAndClonesIntoTheProfile() async throws {
        let journal = SubmissionTests.journalPath()
        let sandbox = try await RunningSandbox.start(journal: journal)
        defer { sandbox.stop(); unlink(journal) }
        let b = Binaries()
        for name in ["open", "tight"] {
            for (k, v) in [("provider", "openai"), ("base_url", sandbox.v1), ("api_key", "sk-sandbox")] {
                try await b.ftctl(["config", "set", "--profile", name, k, v]).expectSuccess()
            }
        }
        try await b.ftctl(["config", "set", "--profile", "tight", "monthly_budget", "0.0001"]).expectSuccess()
        let data = try b.dataset()
        let job = try await b.ftctl(["--profile", "open", "jobs", "create", "--model", "gpt-4o-mini", "--training-file", data, "-y", "-q"])
        job.expectSuccess()
        let sent = { (sandbox.received("POST", pathSuffix: "/v1/fine_tuning/jobs").count, sandbox.received("POST", pathSuffix: "/v1/files").count) }
        let before = sent()
        // Bytes not uploaded yet (the cache would reuse the first file), so an upload would show.
        let fresh = try b.dataset("fresh.jsonl", lines: 17)

        let refused = [
            ["--profile", "tight", "jobs", "create", "--model", "gpt-4o-mini", "--training-file", fresh, "-y"],
            ["--profile", "tight", "jobs", "create", "--model", "gpt-4o-mini", "--training-file", fresh, "--dry-run", "-o", "json"],
            ["--profile", "open", "jobs", "clone", job.trimmed, "--to-profile", "tight", "-y"],
            ["--profile", "open", "jobs", "clone", job.trimmed, "--to-profile", "tight", "--dry-run"],
        ]
        for args in refused {
            let r = try await b.ftctl(args)
            #expect(r.code == 7, "\(args): exit \(r.code) \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(args): \(r.stdout)")
            #expect(r.stderr.contains("monthly_budget"), "\(args): \(r.stderr)")
        }
        #expect(sent() == before, "a refused job sent nothing: \(sent()) after \(before)")

        // --max-cost in a dry run: refused as the real run would be; within it, the request is printed.
        let over = try await b.ftctl(["--profile", "open", "jobs", "create", "--model", "gpt-4o-mini", "--training-file", fresh,
                                      "--dry-run", "--max-cost", "0.0001"])
        #expect(over.code == 7 && over.stdout.isEmpty && over.stderr.contains("--max-cost"), "\(over.code) \(over.stderr)")
        let within = try await b.ftctl(["--profile", "open", "jobs", "create", "--model", "gpt-4o-mini", "--training-file", data,
                                        "--dry-run", "--max-cost", "100"])
        #expect(within.code == 0 && within.stdout.contains("POST "), "\(within.code) \(within.stderr)")
        #expect(sent() == before)

        // A job whose cost cannot be estimated (its data given as a file id) counts as nothing
        // against the month, and the user is told so.
        try await b.ftctl(["config", "set", "--profile", "open", "monthly_budget", "1000"]).expectSuccess()
        let fileID = try await b.ftctl(["--profile", "open", "jobs", "get", job.trimmed, "--field", "training_file"]).trimmed
        let unestimated = try await b.ftctl(["--profile", "open", "jobs", "create", "--model", "gpt-4o-mini", "--training-file", fileID, "--dry-run"])
        #expect(unestimated.code == 0 && unestimated.stderr.contains("warning: monthly_budget: this job is not counted"),
                "\(unestimated.code) \(unestimated.stderr)")
    }
}
