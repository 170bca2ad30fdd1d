import ArgumentParser
import FineTuning
import Foundation

struct Spend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spend",
        abstract: "Estimated and actual spend of the jobs ftctl created, from the local ledger.",
        discussion: """
        Actual figures are recorded when ftctl sees a job finished (jobs get, wait, list, top, \
        create --wait/--follow): the cost the job states, else its trained tokens × the per-token \
        rate of its estimate. --by job lists each job with its dataset's SHA-256 and settings.
        """)

    @OptionGroup var global: GlobalFlags
    @Option(help: ArgumentHelp("Only jobs recorded since this time or duration (30d).", valueName: "time"))
    var since: String?
    @Option(help: "Group by provider, model, profile or job.") var by: SpendReport.GroupBy = .provider

    func run() async throws {
        let session = try Session(global)
        let start = try since.map { try EventLog.parseSince($0) }
        let (records, problems) = session.ledger.read()
        for p in problems { session.note("warning: \(p)") }
        if by == .job { return session.print(jobs(SpendReport.jobs(records, since: start), json: session.renderer.format == .json)) }
        let rows = SpendReport.rows(records, since: start, by: by)
        if session.renderer.format == .json {
            let json = JSONValue.array(rows.map { r in
                .object(JSONObject([(by.rawValue, .string(r.group)), ("jobs", .int(Int64(r.jobs))),
                                    ("estimated_usd", Self.usd(r.estimatedUSD)), ("actual_usd", Self.usd(r.actualUSD)),
                                    ("jobs_with_actual", .int(Int64(r.jobsWithActual)))]))
            })
            return session.print(json.serialized(pretty: true) + "\n")
        }
        var lines = [[by.rawValue.uppercased(), "JOBS", "ESTIMATED USD", "ACTUAL USD"]]
        for r in rows {
            lines.append([r.group, "\(r.jobs)", Self.text(r.estimatedUSD),
                          Self.text(r.actualUSD) + (r.jobsWithActual < r.jobs ? " (\(r.jobsWithActual) of \(r.jobs) known)" : "")])
        }
        session.print(Renderer.plainTable(lines))
    }

    private func jobs(_ lines: [SpendReport.JobLine], json: Bool) -> String {
        if json {
            return JSONValue.array(lines.map { l in
                .object(JSONObject([
                    ("job_id", .string(l.jobID)), ("provider", .string(l.provider)), ("model", l.model.map(JSONValue.string) ?? .null),
                    ("profile", l.profile.map(JSONValue.string) ?? .null), ("created_at", .string(RFC3339.format(l.created))),
                    ("status", l.status.map(JSONValue.string) ?? .null),
                    ("estimated_usd", l.estimatedUSD.map(Self.usd) ?? .null), ("actual_usd", l.actualUSD.map(Self.usd) ?? .null),
                    ("actual_basis", l.actualBasis.map(JSONValue.string) ?? .null),
                    ("estimated_tokens", l.estimatedTokens.map { .int(Int64($0)) } ?? .null),
                    ("trained_tokens", l.trainedTokens.map { .int(Int64($0)) } ?? .null),
                    ("dataset_sha256", l.datasetSHA256.map(JSONValue.string) ?? .null), ("spec", l.spec.map(JSONValue.object) ?? .null),
                ]))
            }).serialized(pretty: true) + "\n"
        }
        var rows = [["JOB", "PROVIDER", "MODEL", "STATUS", "ESTIMATED USD", "ACTUAL USD"]]
        for l in lines {
            rows.append([l.jobID, l.provider, l.model ?? "-", l.status ?? "-", l.estimatedUSD.map(Self.text) ?? "-", l.actualUSD.map(Self.text) ?? "-"])
        }
        return Renderer.plainTable(rows)
    }

    private static func text(_ d: Decimal) -> String { NSDecimalNumber(decimal: d).stringValue }
    private static func usd(_ d: Decimal) -> JSONValue { .string(text(d)) }
}

extension SpendReport.GroupBy: ExpressibleByArgument {}
