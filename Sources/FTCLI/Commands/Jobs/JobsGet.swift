import ArgumentParser
import FineTuning
import Foundation

struct JobsGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Show one job.",
        discussion: "With --exit-status the exit code tells the outcome: 0 succeeded, 2 failed, 3 cancelled or stopped, 1 still running.")

    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    @Flag(name: .customLong("exit-status"), help: "Exit 0 if the job succeeded, 2 if it failed, 3 if cancelled/stopped, 1 otherwise.")
    var exitStatus = false

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        let job = try await client.send(try client.provider.getJob(id))
        session.recordFinished(job)
        var text = try session.renderer.one(job)
        let plain = (global.output ?? .table) == .table || global.output == .wide
        if plain && !global.quiet && !global.raw && global.field == nil {
            text += await JobGlance.lines(job, client: client, palette: session.renderer.palette)
        }
        session.print(text)
        if exitStatus { throw ExitCode(JobOutcome.exitCode(for: job.status, unfinished: ExitCodes.general)) }
    }
}

/// How a job's status reads as an exit code, for get --exit-status, wait and follow.
enum JobOutcome {
    static func exitCode(for status: JobStatus, unfinished: Int32) -> Int32 {
        switch status {
        case .succeeded, .deployed: return ExitCodes.success
        case .failed: return ExitCodes.jobFailed
        case .cancelled, .stopped: return ExitCodes.jobCancelled
        default: return unfinished
        }
    }
}

/// What `jobs get` adds under the fields on a table: progress with an ETA, and the loss so far.
enum JobGlance {
    static func lines(_ job: Job, client: FTClient, palette: Palette) async -> String {
        var out = ""
        if let p = job.progress, let step = p.step {
            var parts = [p.totalSteps.map { "step \(step)/\($0)" } ?? "step \(step)"]
            if let f = p.fraction { parts[0] += " (\(Int(f * 100))%)" }
            if let e = p.epoch, e.isFinite { parts.append(String(format: "epoch %.2f", e)) }
            if let eta = ProgressEstimate().secondsLeft(job, now: Date()) { parts.append("ETA \(ProgressEstimate.format(eta))") }
            out += "\nprogress  " + parts.joined(separator: " · ") + "\n"
        }
        guard (job.progress?.step ?? 0) > 0 || job.status.isSuccess else { return out }
        // A glance, not a report: a failure to read metrics leaves the sparkline out.
        let rows = (try? await MetricsService(client: client).metrics(jobID: job.id, eventTail: 300)) ?? []
        guard let loss = MetricSeries.curves(from: rows).first(where: { $0.kind != .learningRate }), loss.points.count > 1,
              let first = loss.points.first?.value, let last = loss.points.last?.value else { return out }
        if out.isEmpty { out += "\n" }
        let spark = palette.paint(Sparkline.render(loss.points.map(\.value)), "36")
        out += "loss      \(spark) \(LineChart.number(first)) → \(LineChart.number(last)) (\(loss.name))\n"
        return out
    }
}
