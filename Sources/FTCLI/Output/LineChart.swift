import FineTuning
import Foundation

/// A line chart in braille for the terminal: a y axis with ticks on the left, an x axis with
/// ticks below, a legend on top. Colour tells the series apart on a colour terminal; without
/// colour the second series is dotted. The y axis turns logarithmic when the values span a decade.
struct LineChart {
    struct Series {
        var name: String
        var points: [MetricSeries.Point]
    }

    /// Columns in all, labels included.
    var width: Int
    /// Rows of the plot itself.
    var height: Int
    var palette: Palette
    var xLabel = "step"
    /// ANSI colours in series order.
    static let colours = ["36", "35", "33", "32"]

    /// Log scale when every value is positive and the largest is at least ten times the smallest.
    static func wantsLog(_ values: [Double]) -> Bool {
        guard let lo = values.min(), let hi = values.max(), lo > 0 else { return false }
        return hi / lo >= 10
    }

    func render(_ series: [Series], title: String? = nil) -> String {
        let all = series.flatMap(\.points)
        guard !all.isEmpty else { return "" }
        let log = Self.wantsLog(all.map(\.value))
        func scaled(_ v: Double) -> Double { log ? log10(v) : v }
        var (yLo, yHi) = (all.map { scaled($0.value) }.min() ?? 0, all.map { scaled($0.value) }.max() ?? 1)
        if yHi - yLo < 1e-12 { (yLo, yHi) = (yLo - 0.5, yHi + 0.5) }
        var (xLo, xHi) = (all.map(\.step).min() ?? 0, all.map(\.step).max() ?? 1)
        if xHi - xLo < 1e-12 { (xLo, xHi) = (xLo - 1, xHi + 1) }

        let rows = max(3, height)
        let ticks = (0..<5).map { i in yHi - (yHi - yLo) * Double(i) / 4 }
        let tickRows = (0..<5).map { i in Int((Double(rows - 1) * Double(i) / 4).rounded()) }
        let labels = ticks.map { Self.number(log ? pow(10, $0) : $0) }
        let margin = (labels.map(\.count).max() ?? 1) + 1
        let columns = max(10, width - margin - 1)

        var canvas = BrailleCanvas(columns: columns, rows: rows)
        func dot(_ p: MetricSeries.Point) -> (Int, Int) {
            let x = (p.step - xLo) / (xHi - xLo) * Double(canvas.dotsWide - 1)
            let y = (yHi - scaled(p.value)) / (yHi - yLo) * Double(canvas.dotsHigh - 1)
            return (Int(x.rounded()), Int(y.rounded()))
        }
        for (n, s) in series.enumerated() {
            let dots = s.points.map(dot)
            let every = !palette.enabled && n > 0 ? 3 : 1
            if dots.count == 1, let only = dots.first { canvas.set(only.0, only.1, series: n) }
            for (a, b) in zip(dots, dots.dropFirst()) { canvas.line(from: a, to: b, series: n, every: every) }
        }

        var out = ""
        if let title { out += title + (log ? " (log scale)" : "") + "\n" }
        out += legend(series) + "\n"
        for (r, row) in canvas.cells().enumerated() {
            let label = tickRows.firstIndex(of: r).map { labels[$0] } ?? ""
            out += String(repeating: " ", count: margin - 1 - label.count) + label + " " + (label.isEmpty ? "│" : "┤")
            var text = ""
            for (ch, owner) in row {
                text += owner >= 0 ? palette.paint(String(ch), Self.colours[owner % Self.colours.count]) : String(ch)
            }
            out += text + "\n"
        }
        out += String(repeating: " ", count: margin) + "└" + xAxis(columns: columns) + "\n"
        out += String(repeating: " ", count: margin + 1) + xTicks(columns: columns, lo: xLo, hi: xHi) + "\n"
        return out
    }

    private func legend(_ series: [Series]) -> String {
        series.enumerated().map { n, s in
            let mark = palette.paint(!palette.enabled && n > 0 ? "⠄⠄" : "⣀⣀", Self.colours[n % Self.colours.count])
            let style = palette.enabled ? "" : (n > 0 ? " (dotted)" : " (solid)")
            return "\(mark) \(s.name)\(style)"
        }.joined(separator: "   ") + "   x: \(xLabel)"
    }

    private func xAxis(columns: Int) -> String {
        var axis = Array(repeating: "─", count: columns)
        for c in Self.tickColumns(columns) { axis[c] = "┬" }
        return axis.joined()
    }

    /// Step numbers under the ticks, each centred where it fits, left out where it would collide.
    private func xTicks(columns: Int, lo: Double, hi: Double) -> String {
        var line = Array(repeating: Character(" "), count: columns + 8)
        var free = 0
        for c in Self.tickColumns(columns) {
            let value = lo + (hi - lo) * Double(c) / Double(max(1, columns - 1))
            let text = Array(Self.number(value))
            let at = min(max(0, c - text.count / 2), line.count - text.count)
            guard at >= free else { continue }
            for (i, ch) in text.enumerated() { line[at + i] = ch }
            free = at + text.count + 1
        }
        return String(line).trimmingTrailing()
    }

    static func tickColumns(_ columns: Int) -> [Int] {
        Array(Set((0..<5).map { Int((Double(columns - 1) * Double($0) / 4).rounded()) })).sorted()
    }

    /// Short numbers for ticks: 3 significant digits, integers as integers.
    static func number(_ v: Double) -> String {
        guard v.isFinite else { return "?" }
        if v.rounded() == v, abs(v) < 1e7 { return String(Int(v)) }
        let a = abs(v)
        if a >= 0.01 && a < 1e5 { return String(format: "%.3g", v) }
        return String(format: "%.2e", v)
    }
}

/// `▇▆▅▄▃▂▂▁`: a curve in one line, for `jobs get`.
enum Sparkline {
    static let bars = Array("▁▂▃▄▅▆▇█")

    /// At most `width` bars, each the mean of its share of the values.
    static func render(_ values: [Double], width: Int = 40) -> String {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty, width > 0 else { return "" }
        let buckets = min(width, finite.count)
        let means = (0..<buckets).map { b -> Double in
            let lo = b * finite.count / buckets, hi = max(lo + 1, (b + 1) * finite.count / buckets)
            let slice = finite[lo..<min(hi, finite.count)]
            return slice.reduce(0, +) / Double(slice.count)
        }
        let (lo, hi) = (means.min() ?? 0, means.max() ?? 0)
        return String(means.map { v in
            let f = hi - lo < 1e-12 ? 0.5 : (v - lo) / (hi - lo)
            return bars[min(bars.count - 1, max(0, Int(f * Double(bars.count - 1) + 0.5)))]
        })
    }
}
