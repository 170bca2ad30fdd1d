import ArgumentParser
import FineTuning
import Foundation

struct Spend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimated and actual spend of the jobs ftctl created, from the local ledger.",
        discussion: "Actual figures are recorded when ftctl sees a job finished (jobs get, wait, create --wait/--follow).")

    @OptionGroup var global: GlobalFlags
    @Option(help: ArgumentHelp("Only jobs recorded since this time or duration (30d).", valueName: "time"))
    var since: String?
    @Option(help: "Group by provider, model or profile.") var by: SpendReport.GroupBy = .provider

    func run() async throws {
        let session = try Session(global)
        let start = try since.map { try EventLog.parseSince($0) }
        let (records, problems) = session.ledger.read()
        for p in problems { session.note("warning: \(p)") }
        let rows = SpendReport.rows(records, since: start, by: by)
        if session.renderer.format == .json {
            let json = JSONValue.array(rows.map { r in
                .object(JSONObject([(by.rawValue, .string(r.group)), ("jobs", .int(Int64(r.jobs))),
                                    ("estimated_usd", .string(NSDecimalNumber(decimal: r.estimatedUSD).stringValue)),
                                    ("actual_usd", .string(NSDecimalNumber(decimal: r.actualUSD).stringValue)),
                                    ("jobs_with_actual", .int(Int64(r.jobsWithActual)))]))
            })
            return session.print(json.serialized(pretty: true) + "\n")
        }
        var lines = [[by.rawValue.uppercased(), "JOBS", "ESTIMATED USD", "ACTUAL USD"]]
        for r in rows {
            lines.append([r.group, "\(r.jobs)", NSDecimalNumber(decimal: r.estimatedUSD).stringValue,
                          NSDecimalNumber(decimal: r.actualUSD).stringValue + (r.jobsWithActual < r.jobs ? " (\(r.jobsWithActual) of \(r.jobs) known)" : "")])
        }
        let widths = (0..<4).map { i in lines.map { $0[i].count }.max() ?? 0 }
        session.print(lines.map { row in row.indices.map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
            .joined(separator: "   ").trimmingCharacters(in: .whitespaces) }.joined(separator: "\n") + "\n")
    }
}

extension SpendReport.GroupBy: ExpressibleByArgument {}
