import ArgumentParser
import FineTuning
import Foundation

/// cancel, stop, restart, pause, resume and deploy: one job id in, the job's new state out.
enum JobActionRunner {
    static func run(_ action: JobAction, id: String, global: GlobalFlags) async throws {
        let session = try Session(global)
        let client = try session.client()
        let outcome = try await JobActions(client: client).perform(action, jobID: id)
        if outcome.wasAlready, !global.quiet { session.note("job \(id) was already \(outcome.job.status)") }
        session.print(try session.renderer.one(outcome.job))
    }
}
