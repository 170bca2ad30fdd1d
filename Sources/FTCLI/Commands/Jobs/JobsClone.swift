import ArgumentParser
import FineTuning
import Foundation

struct JobsClone: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clone", abstract: "Re-create a job on another provider or profile, from its recorded settings.",
        discussion: """
        The job is read from the current profile's provider, or from an `ftctl
        export` folder (--from DIR) after the account is gone. Its settings are
        translated by the job-field table: what the target has no field for is
        dropped and named with the reason; OpenAI's learning_rate_multiplier becomes
        an absolute learning rate through the target's default rate (the arithmetic
        is shown). The training file comes from the export, from the file ftctl
        uploaded it from, or is downloaded once from the source; it is checked
        against the target's rules and tokenizer and uploaded there once. When the
        target does not fine-tune the model, --model auto takes the suggested open
        model of nearest size (its reason is shown), or --model M names one. Any
        `jobs create` flag overrides the recorded value.
        Examples:
          ftctl jobs clone ftjob-abc --to-provider together --model auto --dry-run
          ftctl jobs clone ftjob-abc --from ./openai-export --to-profile nebius --epochs 2
        """)

    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job to clone.") var id: String
    @Option(name: .customLong("from"), help: ArgumentHelp("An `ftctl export` folder to read the job from.", valueName: "dir"),
            completion: .directory)
    var exportDir: String?
    @Option(name: .customLong("to-profile"), help: ArgumentHelp("The profile to create the job in.", valueName: "name"))
    var toProfile: String?
    @Option(name: .customLong("to-provider"), help: ArgumentHelp("The provider to create the job on (its key from its own variable).", valueName: "id"))
    var toProvider: ProviderID?
    @Option(name: .customLong("to-base-url"), help: ArgumentHelp("With --to-provider: its base URL.", valueName: "url"))
    var toBaseURL: String?
    @OptionGroup(title: "Job fields (override the recorded values; --model auto takes the suggestion)") var fields: JobFieldOptions
    @Option(name: .customLong("set"), help: ArgumentHelp("A raw body field, dotted path (repeatable, unchecked).", valueName: "key=value"))
    var sets: [String] = []
    @Flag(name: .customLong("dry-run"), help: "Print the target's request and both estimates, and send nothing.")
    var dryRun = false
    @Flag(name: [.short, .customLong("yes")], help: "Do not ask for confirmation.") var yes = false
    @Option(name: .customLong("max-cost"), help: ArgumentHelp("Refuse when the target's estimate exceeds this many USD.", valueName: "usd"))
    var maxCost: USDAmount?

    func validate() throws {
        if toProfile != nil && toProvider != nil { throw ValidationError("--to-profile and --to-provider cannot be used together") }
        if toProfile == nil && toProvider == nil { throw ValidationError("name the target: --to-profile NAME or --to-provider ID") }
        if toBaseURL != nil && toProvider == nil { throw ValidationError("--to-base-url goes with --to-provider") }
    }

    func run() async throws {
        let context = CLIContext.current
        let session = try Session(global)
        let targetSession = try OtherAccount(profile: toProfile, provider: toProvider, baseURL: toBaseURL).session(like: session, flag: "--to")
        let builder = JobSpecBuilder(environment: context.environment)
        var given = Dictionary(try builder.given(fields.given).map { ($0.field, $0.value) }, uniquingKeysWith: { $1 })
        for (_, value) in given { context.secrets.add(secretsIn: value) }
        var model = JobClone.ModelRequest.keep
        if let m = given.removeValue(forKey: .model)?.string { model = m == "auto" ? .auto : .given(m) }
        // Reading an export needs no source account; reading a live job does.
        let source = exportDir == nil ? try session.client() : nil
        var clone = JobClone(target: try targetSession.submission(requireKey: !dryRun, refuseInvalid: true), source: source,
                             sourceBaseURL: session.settings.baseURL ?? "")
        clone.files.onNote = { session.note($0) }
        let recorded = try await clone.record(id, fromExport: exportDir)
        let ask: @Sendable (ModelSuccession.Suggestion) -> Bool = { [yes] s in
            guard !yes, context.stdinIsTTY else { return false }
            return context.confirm("\(targetSession.settings.provider) does not fine-tune \(recorded.model ?? "the model"). Use \(s.model)? (\(s.reason))")
        }
        let plan = try await clone.plan(recorded, model: model, given: given, sets: try sets.map(JobSpecBuilder.override),
                                        accept: ask)
        if dryRun {
            try targetSession.checkBudgets(plan.submission, maxCost: maxCost)
            if targetSession.renderer.format == .json || targetSession.renderer.format == .yaml {
                let json = CloneText.json(plan, redactor: context.secrets.redactor)
                return session.print(targetSession.renderer.format == .json ? json.serialized(pretty: true) + "\n" : Renderer.yaml(json))
            }
            for line in CloneText.lines(plan, redactor: context.secrets.redactor) { session.note(line) }
            return session.print(DryRun.describe(plan.submission, format: targetSession.renderer.format, context: context))
        }
        for line in CloneText.lines(plan, redactor: context.secrets.redactor) { session.note(line) }
        session.note(SubmissionText.estimateLine(plan.submission))
        // The target profile's monthly budget holds for a clone as for a create there.
        try targetSession.checkBudgets(plan.submission, maxCost: maxCost)
        if let cost = plan.submission.cost {
            try Confirm.ask("Create this job on \(targetSession.settings.provider) for about \(NSDecimalNumber(decimal: cost.amount).stringValue) \(cost.currency)?",
                            yes: yes, session: targetSession)
        }
        let bars = UploadBars(plan.submission, context: context)
        let cloner = clone
        let job = try await targetSession.interruptible("jobs clone") { try await cloner.submit(plan, progress: bars.update) }
        bars.finish()
        targetSession.recordCreated(job, plan: plan.submission)
        session.print(try targetSession.renderer.one(job))
    }
}
