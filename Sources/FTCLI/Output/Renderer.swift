import FineTuning
import Foundation
import Yams

/// Turns results into text for `-o table|wide|json|yaml|name`, `-q`, `--field` and `--raw`.
struct Renderer: Sendable {
    var format: OutputFormat
    var quiet = false
    var field: String?
    var raw = false
    var palette = Palette(enabled: false)
    /// Terminal width; nil when stdout is not a terminal (then nothing is cut).
    var width: Int?

    /// The renderer the flags ask for: colour only on a terminal, never with NO_COLOR, --no-color
    /// or TERM=dumb; cut to the terminal's width only on a terminal.
    init(_ flags: GlobalFlags, context: CLIContext, defaultFormat: OutputFormat? = nil) {
        let colour = context.stdoutIsTTY && !flags.noColor && (context.environment["NO_COLOR"] ?? "").isEmpty
            && context.environment["TERM"] != "dumb"
        self.init(format: flags.output ?? defaultFormat ?? .table, quiet: flags.quiet, field: flags.field, raw: flags.raw,
                  palette: Palette(enabled: colour), width: context.stdoutIsTTY ? context.terminalWidth : nil)
    }

    init(format: OutputFormat, quiet: Bool = false, field: String? = nil, raw: Bool = false,
         palette: Palette = Palette(enabled: false), width: Int? = nil) {
        self.format = format
        self.quiet = quiet
        self.field = field
        self.raw = raw
        self.palette = palette
        self.width = width
    }

    // MARK: Lists

    func list<T: Tabular>(_ items: [T], rawPage: JSONValue? = nil) throws -> String {
        if quiet { return lines(items.map(\.id)) }
        if let field { return lines(try items.map { try value(of: field, in: $0.json) }) }
        if raw { return (rawPage ?? .array(items.map { $0.raw ?? $0.json })).serialized(pretty: true) + "\n" }
        switch format {
        case .json: return JSONValue.array(items.map(\.json)).serialized(pretty: true) + "\n"
        case .yaml: return Self.yaml(.array(items.map(\.json)))
        case .name: return lines(items.map { "\(T.kind)/\($0.id)" })
        case .csv: return csv(items.map(\.json))
        case .table, .wide:
            var columns = format == .wide ? T.wideColumns : T.columns
            if columns.isEmpty, let first = items.first?.json.object {
                columns = first.keys.map { Column(header: $0.uppercased(), path: $0) }
            }
            return table(columns: columns, rows: items.map(\.json))
        }
    }

    // MARK: One item

    func one<T: Tabular>(_ item: T) throws -> String {
        if quiet { return item.id + "\n" }
        if let field { return try value(of: field, in: item.json) + "\n" }
        if raw { return (item.raw ?? item.json).serialized(pretty: true) + "\n" }
        switch format {
        case .json: return item.json.serialized(pretty: true) + "\n"
        case .yaml: return Self.yaml(item.json)
        case .name: return "\(T.kind)/\(item.id)\n"
        case .csv: return csv([item.json])
        case .table, .wide: return details(item.json)
        }
    }

    /// `Field: value` lines, nested objects flattened to dotted names; `table` hides nulls.
    func details(_ json: JSONValue) -> String {
        var rows: [(String, String)] = []
        func walk(_ prefix: String, _ v: JSONValue) {
            if case .object(let o) = v, !o.isEmpty {
                for (k, inner) in o { walk(prefix.isEmpty ? k : "\(prefix).\(k)", inner) }
            } else if v.isNull {
                if format == .wide { rows.append((prefix, "-")) }
            } else {
                let text = prefix == "status" ? palette.status(cell(v, .plain)) : cell(v, prefix.hasSuffix("_at") || prefix == "estimated_finish" ? .time : .plain)
                rows.append((prefix, text))
            }
        }
        walk("", json)
        return Self.fieldLines(rows)
    }

    /// `name  value` lines, the values aligned after the longest name.
    static func fieldLines(_ rows: [(String, String)]) -> String {
        let w = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padded(to: w) + "  " + $0.1 }.joined(separator: "\n") + "\n"
    }

    /// Rows of cells (the first row the header) in columns three spaces apart, nothing cut.
    static func plainTable(_ lines: [[String]]) -> String {
        let widths = lines[0].indices.map { i in lines.map { $0[i].count }.max() ?? 0 }
        return lines.map { row in row.indices.map { row[$0].padded(to: widths[$0]) }
            .joined(separator: "   ").trimmingCharacters(in: .whitespaces) }.joined(separator: "\n") + "\n"
    }

    // MARK: Pieces

    /// RFC 4180 CSV: a header of the top-level fields (of the first row), then one line per row.
    func csv(_ rows: [JSONValue]) -> String {
        guard let keys = rows.first?.object?.keys else { return "" }
        func quote(_ s: String) -> String {
            s.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = keys.map(quote).joined(separator: ",") + "\n"
        for row in rows {
            out += keys.map { k -> String in
                guard let v = row[k], !v.isNull else { return "" }
                switch v {
                case .object, .array: return quote(v.serialized())
                default: return quote(v.string ?? v.serialized())
                }
            }.joined(separator: ",") + "\n"
        }
        return out
    }

    func value(of path: String, in json: JSONValue) throws -> String {
        guard let v = json.lookup(path: path) else {
            let known = json.object?.keys.joined(separator: ", ") ?? ""
            throw FTError(.usage, what: "--field \(path)", why: "no such field", hint: "Fields: \(known).")
        }
        switch v {
        case .null: return ""
        case .string(let s): return s
        case .object, .array: return v.serialized()
        default: return v.string ?? v.serialized()
        }
    }

    private func lines(_ items: [String]) -> String {
        items.isEmpty ? "" : items.joined(separator: "\n") + "\n"
    }

    /// A value as one table cell: one line, with no control characters a server could use to
    /// break the table or drive the terminal.
    func cell(_ v: JSONValue?, _ style: Column.Style) -> String {
        Self.printable(rawCell(v, style))
    }

    static func printable(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return s }
        return String(String.UnicodeScalarView(s.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    private func rawCell(_ v: JSONValue?, _ style: Column.Style) -> String {
        guard let v, !v.isNull else { return "-" }
        switch style {
        case .time:
            guard let s = v.string, let d = RFC3339.parse(s) else { return v.string ?? "-" }
            return Self.shortTime(d)
        case .bytes:
            return v.double.map(Self.bytes) ?? "-"
        case .percent:
            let step = v["step"]?.int, total = v["total_steps"]?.int
            if let step, let total, total > 0 {
                let percent = min(max(Double(step) / Double(total) * 100, 0), 100)
                return "\(step)/\(total) (\(Int(percent))%)"
            }
            if let step { return "step \(step)" }
            return "-"
        case .status, .plain:
            switch v {
            case .object, .array: return v.serialized()
            default: return v.string ?? v.serialized()
            }
        }
    }

    func table(columns: [Column], rows: [JSONValue]) -> String {
        guard !rows.isEmpty else { return "" }
        var cells = rows.map { row in columns.map { cell(row.lookup(path: $0.path), $0.style) } }
        var widths = columns.indices.map { i in max(columns[i].header.count, cells.map { $0[i].count }.max() ?? 0) }
        // On a terminal, shrink the widest columns until the row fits; elsewhere print it all.
        if let width {
            let gap = 3
            while widths.reduce(0, +) + gap * (widths.count - 1) > width,
                  let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 8 {
                widths[widest] -= 1
            }
            cells = cells.map { row in row.indices.map { Self.cut(row[$0], widths[$0]) } }
        }
        var out = ""
        let header = columns.indices.map { columns[$0].header.padded(to: widths[$0]) }
        out += header.joined(separator: "   ").trimmingTrailing() + "\n"
        for row in cells {
            let padded = row.indices.map { i -> String in
                let text = row[i].padded(to: widths[i])
                return columns[i].style == .status ? palette.status(row[i]) + String(repeating: " ", count: max(0, widths[i] - row[i].count)) : text
            }
            out += padded.joined(separator: "   ").trimmingTrailing() + "\n"
        }
        return out
    }

    private static func cut(_ s: String, _ n: Int) -> String {
        s.count <= n ? s : String(s.prefix(max(0, n - 1))) + "…"
    }

    static func shortTime(_ d: Date) -> String {
        String(RFC3339.format(d).compactMap { $0 == "T" ? " " : $0 == "Z" ? nil : $0 })
    }

    static func bytes(_ n: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var v = n, i = 0
        while v >= 1024 && i < units.count - 1 { v /= 1024; i += 1 }
        return i == 0 ? "\(Int(v)) B" : String(format: "%.1f %@", v, units[i])
    }

    static func yaml(_ json: JSONValue) -> String {
        (try? Yams.serialize(node: node(json), sortKeys: false)) ?? json.serialized(pretty: true) + "\n"
    }

    private static func node(_ v: JSONValue) -> Node {
        switch v {
        case .null: return Node("null", Tag(.null))
        case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
        case .int(let i): return Node(String(i), Tag(.int))
        case .double: return Node(v.serialized(), Tag(.float))
        case .string(let s): return Node(s, Tag(.str), .any)
        case .array(let a): return Node(a.map(node))
        case .object(let o): return Node(o.map { (Node($0.key), node($0.value)) })
        }
    }
}

extension String {
    /// Spaces added up to `width` characters. Foundation's `padding(toLength:)` counts UTF-16
    /// units (an emoji is two, and cut in half), and goes through NSString: a table of events
    /// spent a tenth of `jobs logs` there (Docs/BENCH.md).
    func padded(to width: Int) -> String {
        let missing = width - count
        return missing > 0 ? self + String(repeating: " ", count: missing) : self
    }

    func trimmingTrailing() -> String {
        var end = utf8.endIndex
        while end > utf8.startIndex, utf8[utf8.index(before: end)] == 0x20 { end = utf8.index(before: end) }
        return String(self[..<end])
    }
}
