import ArgumentParser
import FineTuning
import Foundation

/// The full-screen loop: polls on a timer, reads keys, redraws on both and on a resize, and puts
/// the terminal back however it ends (q, Ctrl-C as a key or as a signal).
struct TopLive {
    let board: JobBoard
    let interval: Double
    let palette: Palette
    let context: CLIContext
    let profiles: Int
    let watch: TopWatch

    private enum Event: Sendable {
        case snapshot(JobBoard.Snapshot)
        case pane(String, [String])
        case key(RawTerminal.Key)
        case resize
        case note(String)
    }

    func run() async throws {
        guard let terminal = RawTerminal() else { throw FTError(.usage, what: "top", why: "stdin is not a terminal", hint: "Use --once.") }
        defer { terminal.restore() }
        do {
            try await context.interruptible { [self] in
                try await loop()
                // The event stream ends when Ctrl-C cancels the loop: that is not a `q`.
                try Task.checkCancellation()
            }
        } catch is Interrupted {
            throw ExitCode(ExitCodes.interrupted)
        }
    }

    private func loop() async throws {
        let (events, sink) = AsyncStream<Event>.makeStream()
        let resize = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .global())
        signal(SIGWINCH, SIG_IGN)
        resize.setEventHandler { sink.yield(.resize) }
        resize.resume()
        defer { resize.cancel() }
        let board = self.board, interval = self.interval
        let poller = Task {
            while !Task.isCancelled {
                sink.yield(.snapshot(await board.snapshot()))
                try? await Pause.sleep(interval)
            }
        }
        let keys = Task { for await key in RawTerminal.keys() { sink.yield(.key(key)) } }
        defer {
            poller.cancel()
            keys.cancel()
        }
        var screen = TopScreen(profiles: profiles, watch: watch)
        var paneTask: Task<Void, Never>?
        draw(screen)
        for await event in events {
            switch event {
            case .snapshot(let s): screen.update(s)
            case .pane(let id, let lines): if screen.pane == .logs(id) || screen.pane == .plot(id) { screen.paneText = lines }
            case .note(let text): screen.message = text
            case .resize: break
            case .key(let key):
                if case .confirmCancel(let id) = screen.pane {
                    screen.pane = .none
                    if key == .char("y"), let row = screen.rows.first(where: { $0.job.id == id }),
                       let source = board.sources.first(where: { $0.name == row.source }) {
                        screen.message = "cancelling \(id)…"
                        Task {
                            let done = try? await JobActions(client: source.client).perform(.cancel, jobID: id)
                            sink.yield(.note(done == nil ? "could not cancel \(id)" : "cancelled \(id)"))
                            sink.yield(.snapshot(await board.snapshot()))
                        }
                    } else {
                        screen.message = "not cancelled"
                    }
                    break
                }
                switch key {
                case .char("q"): return
                case .char("\u{03}"): throw ExitCode(ExitCodes.interrupted)
                case .up, .char("k"): screen.selected = max(0, screen.selected - 1)
                case .down, .char("j"): screen.selected = min(max(0, screen.rows.count - 1), screen.selected + 1)
                case .char("s"):
                    screen.sort = screen.sort.next
                    if let s = screen.snapshot { screen.rows = TopRows.sorted(s.rows, by: screen.sort) }
                case .char("b"):
                    screen.pane = .none
                    paneTask?.cancel()
                case .char("c"):
                    if let row = screen.selectedRow {
                        screen.pane = .confirmCancel(row.job.id)
                        screen.message = "Cancel job \(row.job.id)? [y/N]"
                    }
                case .char("l"), .char("p"):
                    guard let row = screen.selectedRow, let source = board.sources.first(where: { $0.name == row.source }) else { break }
                    let logs = key == .char("l")
                    screen.pane = logs ? .logs(row.job.id) : .plot(row.job.id)
                    screen.paneText = ["loading…"]
                    paneTask?.cancel()
                    paneTask = Task { await Self.feedPane(logs: logs, jobID: row.job.id, client: source.client, interval: interval, palette: palette, sink: sink) }
                default: break
                }
            }
            draw(screen)
        }
    }

    private func draw(_ screen: TopScreen) {
        let (rows, columns) = RawTerminal.size()
        RawTerminal.write(screen.render(rows: rows, columns: columns, palette: palette))
    }

    /// The lower pane's content for one job, refreshed every interval until closed.
    private static func feedPane(logs: Bool, jobID: String, client: FTClient, interval: Double, palette: Palette,
                                 sink: AsyncStream<Event>.Continuation) async {
        while !Task.isCancelled {
            let (_, columns) = RawTerminal.size()
            var lines: [String]
            if logs {
                let events = (try? await EventLog(client: client).events(jobID: jobID, tail: 40)) ?? []
                lines = ["logs of \(jobID)"] + events.map { "\($0.time.map(Renderer.shortTime) ?? "-")  \($0.level)  \(Renderer.printable($0.message))" }
            } else {
                let rows = (try? await MetricsService(client: client).metrics(jobID: jobID, eventTail: 200)) ?? []
                let series = MetricSeries.curves(from: rows).filter { $0.kind != .learningRate }.map { LineChart.Series(name: $0.name, points: $0.points) }
                let chart = LineChart(width: max(30, columns - 2), height: 8, palette: palette).render(series, title: "loss of \(jobID)")
                lines = chart.isEmpty ? ["no metrics for \(jobID) yet"] : chart.split(separator: "\n").map(String.init)
            }
            sink.yield(.pane(jobID, lines))
            try? await Pause.sleep(max(1, interval))
        }
    }
}
