import ArgumentParser
import FineTuning
import Foundation
import Synchronization

/// `--on-success`, `--on-failure`, `--on-rule`, `--notify` and `--hook-timeout`, on `jobs wait`,
/// `jobs logs --follow` and `jobs create --wait|--follow`.
struct HookOptions: ParsableArguments {
    @Option(name: .customLong("on-success"), help: ArgumentHelp("Run this shell command when the job succeeds (FTCTL_* variables, the job's JSON on stdin).", valueName: "cmd"))
    var onSuccess: String?
    @Option(name: .customLong("on-failure"), help: ArgumentHelp("Run this when the job fails, is cancelled or stopped.", valueName: "cmd"))
    var onFailure: String?
    @Option(name: .customLong("on-rule"), help: ArgumentHelp("Run this each time a --warn-if or --cancel-if rule fires.", valueName: "cmd"))
    var onRule: String?
    @Option(name: .customLong("notify"), help: ArgumentHelp("POST each outcome and rule firing as JSON to this webhook (Slack-compatible; repeatable).", valueName: "url"))
    var notify: [String] = []
    @Option(name: .customLong("hook-timeout"), help: ArgumentHelp("Stop a hook still running after this long (default 60s).", valueName: "duration"))
    var hookTimeout = DurationValue(seconds: 60)

    init() {}

    func validate() throws {
        for (flag, cmd) in [("--on-success", onSuccess), ("--on-failure", onFailure), ("--on-rule", onRule)] {
            if let cmd, cmd.contains("\0") || cmd.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("\(flag) needs a shell command (no NUL bytes)")
            }
        }
        for url in notify where !WebhookNotifier.isUsable(url) {
            throw ValidationError("--notify needs an http(s) URL, not '\(WebhookNotifier.display(url))'")
        }
        if hookTimeout.seconds <= 0 { throw ValidationError("--hook-timeout must be longer than zero") }
    }

    func runner(session: Session) throws -> HookRunner {
        // A webhook URL is its own credential: never printed whole.
        for url in notify { session.context.secrets.add([url]) }
        let transport = session.context.makeTransport(session.settings)
        return HookRunner(session: session, success: onSuccess.map { HookCommand($0, timeout: hookTimeout.seconds) },
                          failure: onFailure.map { HookCommand($0, timeout: hookTimeout.seconds) },
                          rule: onRule.map { HookCommand($0, timeout: hookTimeout.seconds) },
                          notifiers: notify.map { WebhookNotifier(url: $0, transport: transport) }, limit: hookTimeout.seconds)
    }
}

/// Runs the hooks and webhooks of one command: each outcome once, each firing once; webhooks in
/// the background so they never hold up the watch, all awaited (within the hook time limit)
/// before the command exits. A hook's exit code and a webhook's failure are told on stderr and
/// never change the command's own exit code.
final class HookRunner: Sendable {
    let session: Session
    let success: HookCommand?
    let failure: HookCommand?
    let rule: HookCommand?
    let notifiers: [WebhookNotifier]
    let limit: Double
    private let pending = Mutex<[Task<Void, Never>]>([])

    init(session: Session, success: HookCommand?, failure: HookCommand?, rule: HookCommand?, notifiers: [WebhookNotifier], limit: Double) {
        self.session = session
        self.success = success
        self.failure = failure
        self.rule = rule
        self.notifiers = notifiers
        self.limit = limit
    }

    var isEmpty: Bool { success == nil && failure == nil && rule == nil && notifiers.isEmpty }

    /// For `RuleSupervisor.onFiring`.
    var ruleFired: @Sendable (String, RuleFiring) async -> Void {
        { [self] jobID, firing in self.fire(HookEvent(jobID: jobID, outcome: "rule", job: nil, firing: firing), command: rule, name: "--on-rule") }
    }

    /// Runs `body` (the wait or follow), then each job's outcome hook, then waits for every hook
    /// and webhook; rethrows what `body` threw.
    func afterOutcome(of ids: [String], client: FTClient, _ body: () async throws -> Void) async throws {
        let result = await Result(catching: body)
        if !isEmpty {
            for id in ids {
                guard let job = try? await client.send(try client.provider.getJob(id)), job.status.isTerminal else { continue }
                let outcome = job.status.isSuccess ? "succeeded" : job.status.rawValue
                fire(HookEvent(jobID: id, outcome: outcome, job: job), command: job.status.isSuccess ? success : failure,
                     name: job.status.isSuccess ? "--on-success" : "--on-failure")
            }
            await drain()
        }
        try result.get()
    }

    private func fire(_ event: HookEvent, command: HookCommand?, name: String) {
        let context = session.context
        var tasks: [Task<Void, Never>] = []
        if let command {
            tasks.append(Task {
                do {
                    let ending = try await command.run(event)
                    if ending != .exited(0) { context.err("ftctl: warning: hook \(name) for job \(event.jobID) \(ending)") }
                } catch {
                    context.err("ftctl: warning: hook \(name) for job \(event.jobID) could not run (\(context.secrets.redactor.redact("\(error)")))")
                }
            })
        }
        for notifier in notifiers {
            tasks.append(Task {
                do {
                    _ = try await notifier.send(event)
                } catch let e as FTError {
                    context.err("ftctl: warning: \(WebhookNotifier.display(notifier.url)) was not notified of job \(event.jobID): \(context.secrets.redactor.redact(e.why))")
                } catch {}
            })
        }
        pending.withLock { $0 += tasks }
    }

    /// Waits for every hook and webhook started so far, at most the hook time limit beyond its own.
    private func drain() async {
        let tasks = pending.withLock { p in defer { p.removeAll() }; return p }
        let limit = self.limit
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for t in tasks { await t.value } }
            group.addTask { try? await Pause.sleep(limit + 5) }
            await group.next()
            group.cancelAll()
            for t in tasks { t.cancel() }
        }
    }
}

extension HookOptions {
    var isEmpty: Bool { onSuccess == nil && onFailure == nil && onRule == nil && notify.isEmpty }
}

extension FollowRunner {
    /// The follow with rules beside it and hooks after it (`jobs logs --follow`, `jobs create --follow`).
    func watched(rules: [ArmedRule], hooks options: HookOptions, interval: Double,
                 spend: @escaping @Sendable (Job) -> Decimal? = { _ in nil }) async throws {
        let hooks = try options.runner(session: session)
        var supervisor = RuleSupervisor(session: session, client: client, rules: rules, interval: interval, onFiring: hooks.ruleFired)
        supervisor.spend = spend
        let follow = self
        try await hooks.afterOutcome(of: [jobID], client: client) {
            try await supervisor.run(jobIDs: [follow.jobID]) { try await follow.run() }
        }
    }
}
