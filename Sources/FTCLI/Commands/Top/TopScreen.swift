import FineTuning
import Foundation

/// What the live `top` screen shows, as plain state: the latest snapshot, the selection, the sort,
/// and the lower pane. `render` turns it into the screen's lines; keys change it.
struct TopScreen {
    enum Pane: Equatable {
        case none
        case logs(String)
        case plot(String)
        case confirmCancel(String)
    }

    var snapshot: JobBoard.Snapshot?
    var rows: [JobBoard.Row] = []
    var selected = 0
    var sort = TopRows.Sort.status
    var pane = Pane.none
    var paneText: [String] = []
    var message = ""
    var profiles: Int
    var watch: TopWatch

    mutating func update(_ s: JobBoard.Snapshot) {
        let chosen = rows.indices.contains(selected) ? rows[selected].job.id : nil
        snapshot = s
        watch.observe(s)
        rows = TopRows.sorted(s.rows, by: sort)
        selected = chosen.flatMap { id in rows.firstIndex { $0.job.id == id } } ?? min(selected, max(0, rows.count - 1))
    }

    var selectedRow: JobBoard.Row? { rows.indices.contains(selected) ? rows[selected] : nil }

    func render(rows height: Int, columns width: Int, palette: Palette) -> String {
        var lines: [String] = []
        let running = rows.filter { $0.job.status == .running }.count
        let when = snapshot.map { Renderer.shortTime($0.taken) } ?? "loading…"
        lines.append(Self.cut("ftctl top — \(rows.count) jobs, \(running) running, \(profiles) profile\(profiles == 1 ? "" : "s") — \(when) — sort: \(sort.rawValue)", width))
        lines.append(Self.cut("q quit · ↑/↓ or j/k select · s sort · l logs · p plot · c cancel · b back", width))
        for p in snapshot?.problems ?? [] { lines.append(Self.cut("\(p.source): \(p.why)", width)) }
        let paneHeight = pane == .none ? 0 : max(6, height / 2)
        let tableRows = max(1, height - lines.count - paneHeight - 2)
        let renderer = Renderer(format: .table, palette: palette, width: width)
        let table = renderer.table(columns: TopRows.columns, rows: rows.map(watch.json)).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let header = table.first { lines.append(header) }
        let first = max(0, min(selected - tableRows + 1, rows.count - tableRows))
        for (i, line) in table.dropFirst().enumerated() where i >= first && i < first + tableRows && !line.isEmpty {
            lines.append(i == selected ? "\u{1B}[7m" + line + "\u{1B}[0m" : line)
        }
        if rows.isEmpty, snapshot != nil { lines.append("no jobs") }
        if pane != .none {
            while lines.count < height - paneHeight - 1 { lines.append("") }
            lines.append(String(repeating: "─", count: max(1, width)))
            lines += paneText.suffix(paneHeight - 1).map { Self.cut($0, width) }
        }
        while lines.count < height - 1 { lines.append("") }
        lines.append(Self.cut(message, width))
        return "\u{1B}[H" + lines.prefix(height).map { $0 + "\u{1B}[K" }.joined(separator: "\r\n")
    }

    static func cut(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(max(0, n - 1))) + "…" }
}
