import ArgumentParser
import FineTuning

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
        session.print(try session.renderer.one(job))
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
