import ArgumentParser
import FineTuning

/// What `jobs create --wait|--follow` does once the job exists: wait or follow with its rules
/// beside and its hooks after, exit code by outcome (8 when a rule cancelled it).
struct JobWatch {
    let session: Session
    let client: FTClient
    let jobID: String
    let rules: [ArmedRule]
    let hooks: HookOptions
    let interval: Double
    let spend: SpendMeter

    func follow() async throws {
        let meter = spend
        try await FollowRunner(session: session, client: client, jobID: jobID)
            .watched(rules: rules, hooks: hooks, interval: interval, spend: { meter.spent($0) })
    }

    func wait() async throws {
        let runner = try hooks.runner(session: session)
        var supervisor = RuleSupervisor(session: session, client: client, rules: rules, interval: interval, onFiring: runner.ruleFired)
        let meter = spend
        supervisor.spend = { meter.spent($0) }
        let (session, client, jobID, interval) = (session, client, jobID, interval)
        try await runner.afterOutcome(of: [jobID], client: client) {
            try await supervisor.run(jobIDs: [jobID]) {
                let done = try await JobWaiter(client: client).wait(id: jobID, interval: interval) { session.noteStatus($0) }
                try JobsWait.finish(done, target: .terminal, session: session)
            }
        }
    }
}
