import ArgumentParser
import FineTuning
import Foundation

/// cancel, stop, restart, pause, resume and deploy: one job id in, the job's new state out.
enum JobActionRunner {
    static func run(_ action: JobAction, id: String, global: GlobalFlags) async throws {
        let session = try Session(global)
        let client = try session.client()
        let job = try await client.send(try client.provider.perform(action, jobID: id))
        session.print(try session.renderer.one(job))
    }
}
