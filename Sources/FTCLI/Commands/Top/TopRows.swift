import FineTuning
import Foundation

/// `ftctl top`'s rows as normalized JSON, so the plain table, `--once -o json` and the live
/// screen show the same columns.
enum TopRows {
    enum Sort: String, CaseIterable, Sendable {
        case status, created, profile
        var next: Sort { Self.allCases[(Self.allCases.firstIndex(of: self)! + 1) % Self.allCases.count] }
    }

    static let columns = [
        Column(header: "PROFILE", path: "profile"), Column(header: "ID", path: "id"), Column(header: "MODEL", path: "model"),
        Column(header: "STATUS", path: "status", style: .status), Column(header: "STEP", path: "step"),
        Column(header: "ETA", path: "eta"), Column(header: "LOSS", path: "loss"), Column(header: "SPEND", path: "spend"),
        Column(header: "RULES", path: "rules"), Column(header: "CREATED", path: "created_at", style: .time),
    ]

    /// Running first, then the rest newest first (or by the key chosen).
    static func sorted(_ rows: [JobBoard.Row], by sort: Sort) -> [JobBoard.Row] {
        func rank(_ s: JobStatus) -> Int { s == .running ? 0 : (s.isTerminal ? 2 : 1) }
        let newest: (JobBoard.Row, JobBoard.Row) -> Bool = { ($0.job.createdAt ?? .distantPast) > ($1.job.createdAt ?? .distantPast) }
        switch sort {
        case .status: return rows.sorted { rank($0.job.status) != rank($1.job.status) ? rank($0.job.status) < rank($1.job.status) : newest($0, $1) }
        case .created: return rows.sorted(by: newest)
        case .profile: return rows.sorted { $0.source != $1.source ? $0.source < $1.source : newest($0, $1) }
        }
    }

    static func json(_ row: JobBoard.Row) -> JSONValue {
        let p = row.job.progress
        let step = p?.step.map { s in p?.totalSteps.map { "\(s)/\($0)" } ?? "\(s)" } ?? "-"
        return .object(JSONObject([
            ("profile", .string(row.source)), ("id", .string(row.job.id)), ("model", JSONValue(row.job.model)),
            ("status", .string(row.job.status.rawValue)), ("step", .string(step)),
            ("eta", .string(row.secondsLeft.map { ProgressEstimate.format($0) } ?? "-")),
            ("loss", .string(row.loss.isEmpty ? "-" : Sparkline.render(row.loss, width: 16))),
            ("created_at", row.job.json["created_at"] ?? .null), ("job", row.job.json),
        ]))
    }
}
