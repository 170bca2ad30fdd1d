import ArgumentParser
import FineTuning

struct JobsMetrics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics", abstract: "Show a job's training metrics (-o json|csv for data).",
        discussion: """
        Training and validation loss and the learning rate by step, from the provider's metrics, \
        its checkpoints or its events. --plot draws them in the terminal (width from the terminal, \
        log scale when the loss spans a decade); when stdout is not a terminal it prints the table.
        """)
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    @Flag(help: "Draw the loss curves (and the learning rate) in the terminal.") var plot = false

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        let rows = try await MetricsService(client: client).metrics(jobID: id)
        let renderer = session.renderer
        let plain = global.output == nil || global.output == .table || global.output == .wide
        guard plot, plain, session.context.stdoutIsTTY, !global.quiet, !global.raw, global.field == nil else {
            session.print(try renderer.list(rows))
            return
        }
        session.print(MetricsChart.render(MetricSeries.curves(from: rows), width: session.context.terminalWidth ?? 80,
                                          palette: renderer.palette, job: id))
    }
}

/// The loss chart, then the learning rate under it (a chart when it changes, a line when not).
enum MetricsChart {
    static func render(_ curves: [MetricSeries], width: Int, palette: Palette, job: String) -> String {
        let losses = curves.filter { $0.kind != .learningRate }
        guard !losses.isEmpty else { return "job \(job): no loss metrics yet\n" }
        let height = max(8, min(18, width / 5))
        var out = LineChart(width: width, height: height, palette: palette)
            .render(losses.map { LineChart.Series(name: $0.name, points: $0.points) }, title: "job \(job): loss by step")
        if let lr = curves.first(where: { $0.kind == .learningRate }) {
            let values = Set(lr.points.map(\.value))
            if values.count > 1 {
                out += "\n" + LineChart(width: width, height: 5, palette: palette)
                    .render([LineChart.Series(name: lr.name, points: lr.points)])
            } else if let v = values.first {
                out += "learning rate \(LineChart.number(v)) (constant)\n"
            }
        }
        return out
    }
}
