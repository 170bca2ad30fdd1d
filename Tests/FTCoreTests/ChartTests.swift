@testable import FTCLI
import FTCore
import FineTuning
import Foundation
import Testing

@Suite("terminal charts, sparklines and the status line")
struct ChartTests {
    static func curve(_ from: Double, _ to: Double, steps: Int = 50) -> [MetricSeries.Point] {
        (0..<steps).map { i in MetricSeries.Point(step: Double(i * 10), value: from * pow(to / from, Double(i) / Double(steps - 1))) }
    }

    static func visible(_ text: String) -> String {
        text.replacingOccurrences(of: #"\u{1B}\[[0-9;]*m"#, with: "", options: .regularExpression)
    }

    @Test func aLossSpanningDecadesIsDrawnOnALogScale() {
        let chart = LineChart(width: 80, height: 12, palette: Palette(enabled: false))
        let text = chart.render([.init(name: "train loss", points: Self.curve(12, 0.03))], title: "loss")
        #expect(text.hasPrefix("loss (log scale)\n"))
        #expect(text.contains(" 12 ┤"))
        #expect(text.contains("0.03 ┤"))
        let flat = chart.render([.init(name: "train loss", points: Self.curve(2.4, 0.4))], title: "loss")
        #expect(flat.hasPrefix("loss\n"))
    }

    @Test(arguments: [30, 60, 132])
    func everyLineFitsTheWidth(width: Int) {
        let series = [LineChart.Series(name: "train loss", points: Self.curve(2.4, 0.4)),
                      LineChart.Series(name: "valid loss", points: Self.curve(2.6, 0.5))]
        for colour in [true, false] {
            let text = LineChart(width: width, height: 10, palette: Palette(enabled: colour)).render(series)
            for line in Self.visible(text).split(separator: "\n").dropFirst() { #expect(line.count <= width, "\(line)") }
            #expect(text.contains("\u{1B}[") == colour)
        }
        let plain = LineChart(width: 80, height: 10, palette: Palette(enabled: false)).render(series)
        #expect(plain.contains("valid loss (dotted)") && plain.contains("train loss (solid)"))
    }

    @Test func oddInputNeverTraps() {
        let chart = LineChart(width: 5, height: 1, palette: Palette(enabled: true))
        #expect(chart.render([]).isEmpty)
        let one = chart.render([.init(name: "x", points: [.init(step: 3, value: 0)])])
        #expect(one.contains("┤"))
        let same = chart.render([.init(name: "x", points: [.init(step: 1, value: 2), .init(step: 1, value: 2)])])
        #expect(!same.isEmpty)
        #expect(Sparkline.render([]) == "")
        #expect(Sparkline.render([.nan, .infinity]) == "")
    }

    @Test func sparklineFallsWithTheLoss() {
        let s = Sparkline.render((0..<200).map { 3 - Double($0) / 100 }, width: 40)
        #expect(s.count == 40)
        #expect(s.first == "█" && s.last == "▁")
    }

    @Test func theStatusLineIsDrawnOnlyOnATerminalAndFitsIt() {
        let captured = Captured()
        func context(tty: Bool) -> CLIContext {
            CLIContext(environment: [:], writeOut: { _ in }, writeErr: { captured.write(err: $0) }, writeOutBytes: { _ in }, stdoutIsTTY: false, stdinIsTTY: false,
                       terminalWidth: nil, makeTransport: { _ in ScriptedTransport([]) }, confirm: { _ in false },
                       stderrIsTTY: tty, stderrWidth: 30)
        }
        StatusLine(context: context(tty: false)).show("ftjob-1  running")
        #expect(captured.stderr.isEmpty)
        let line = StatusLine(context: context(tty: true))
        line.show(String(repeating: "x", count: 100))
        line.clear()
        #expect(captured.stderr == "\r\u{1B}[2K" + String(repeating: "x", count: 28) + "…" + "\r\u{1B}[2K")
    }
}
