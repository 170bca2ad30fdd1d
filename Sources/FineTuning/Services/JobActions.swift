import FTCore
import Foundation

/// Cancel, stop, pause, resume, restart, deploy: one job, one action, the job as it is afterwards.
///
/// The actions that settle a job in a state (cancel, stop, pause) are idempotent here, as
/// `aws ... stop-*` is: when the provider refuses one with a 4xx because the job is already in
/// that state, the job is read back and returned as the outcome. That is also what a retry after
/// a lost reply meets (the first request did cancel the job; the resend is refused), so a script
/// does not see a failure for an action that happened. Deploy is left out: a refusal there (a
/// quota, say) can be real while the job shows an earlier deployment.
public struct JobActions: Sendable {
    public let client: FTClient

    public init(client: FTClient) {
        self.client = client
    }

    public struct Outcome: Sendable {
        public var job: Job
        /// The job was in the action's state before this call (the provider refused the action).
        public var wasAlready: Bool
    }

    /// The state an action leaves a job in, when there is one to compare with.
    public static func settledStatus(of action: JobAction) -> JobStatus? {
        switch action {
        case .cancel: return .cancelled
        case .stop: return .stopped
        case .pause: return .paused
        case .deploy, .resume, .restart: return nil
        }
    }

    public func perform(_ action: JobAction, jobID: String) async throws -> Outcome {
        do {
            let answer = try await client.send(try client.provider.perform(action, jobID: jobID))
            // A gateway that answers with `{}` or a stub: the job as it now is, when it can be read
            // (a Fireworks cancel deletes it, so it may not).
            guard client.provider.declaration.upstream.map({ !$0.answersCancelWithJob }) == true,
                  let now = try? await client.send(try client.provider.getJob(jobID)) else { return Outcome(job: answer, wasAlready: false) }
            return Outcome(job: now, wasAlready: false)
        } catch let error as FTError {
            guard let settled = JobActions.settledStatus(of: action), let status = error.httpStatus,
                  (400..<500).contains(status), status != 401, status != 403, status != 404, status != 429 else { throw error }
            // Read back; if that fails too, the action's own error is the one to report.
            guard let job = try? await client.send(try client.provider.getJob(jobID)), job.status == settled else { throw error }
            return Outcome(job: job, wasAlready: true)
        }
    }
}
