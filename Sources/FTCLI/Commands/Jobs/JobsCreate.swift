import ArgumentParser
import FineTuning
import Foundation

struct JobsCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a fine-tuning job.",
        discussion: """
        --training-file and --validation-file take a file id, or the path of a local file, which is \
        checked, found in the upload cache or uploaded. Every field is checked against the provider \
        before anything is uploaded. A spec file (-f) is a YAML or JSON mapping with the fields' \
        names as keys (learning_rate or learning-rate), flags winning; raw body fields go under \
        `set:`, as --set KEY=VALUE does. --dry-run prints the request exactly as it would be sent \
        (-o json for the request, the files and the estimate as data); each run draws a new request \
        id unless --request-id fixes it.
        Examples:
          ftctl jobs create --model gpt-4o-mini --training-file train.jsonl --epochs 3
          ftctl jobs create -f job.yaml --suffix v2 --dry-run
        """)

    @OptionGroup var global: GlobalFlags
    @Option(name: [.customShort("f"), .customLong("file")], help: ArgumentHelp("A job spec, YAML or JSON.", valueName: "spec"),
            completion: .file(extensions: ["yaml", "yml", "json"]))
    var specFile: String?
    @OptionGroup(title: "Job fields") var fields: JobFieldOptions
    @Option(name: .customLong("set"), help: ArgumentHelp("A raw body field, dotted path (repeatable, unchecked).", valueName: "key=value"))
    var sets: [String] = []
    @Flag(name: .customLong("dry-run"), help: "Print the request that would be sent, secrets redacted, and send nothing.")
    var dryRun = false
    @Flag(name: [.short, .customLong("yes")], help: "Do not ask for confirmation.") var yes = false
    @Flag(name: .customLong("no-validate"), help: "Upload local files even when the check finds errors.") var noValidate = false
    @Option(name: .customLong("max-cost"), help: ArgumentHelp("Refuse when the estimate exceeds this many USD.", valueName: "usd"))
    var maxCost: USDAmount?
    @Option(name: .customLong("request-id"), help: ArgumentHelp("The id the create carries (metadata ftctl_request_id); default: a new one each run. Fix it to make a dry run and the real run identical, or to create idempotently.", valueName: "id"))
    var requestID: String?
    @Flag(help: "Wait until the job ends; exit code by outcome.") var wait = false
    @Flag(help: "Follow the job's logs until it ends; exit code by outcome.") var follow = false
    @Option(help: ArgumentHelp("With --wait or --follow: time between the job's checks (default 5s).", valueName: "duration"))
    var interval = DurationValue(seconds: 5)
    @OptionGroup(title: "Rules (with --wait or --follow)") var rules: RuleOptions
    @OptionGroup(title: "Hooks (with --wait or --follow)") var hooks: HookOptions

    func validate() throws {
        if interval.seconds <= 0 || interval.seconds > 3600 { throw ValidationError("--interval must be from 1ms to 1h") }
        if wait && follow { throw ValidationError("--wait and --follow cannot be used together") }
        if let requestID, requestID.isEmpty || requestID.count > 64
            || !requestID.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_.:".unicodeScalars.contains($0) }) {
            throw ValidationError("--request-id takes 1 to 64 letters, digits, '-', '_', '.' or ':'")
        }
        if !wait && !follow && (!rules.armed.isEmpty || !hooks.isEmpty) { throw ValidationError("rules and hooks need --wait or --follow") }
        if fields.warmupRatio != nil && fields.warmupSteps != nil {
            throw ValidationError("--warmup-ratio and --warmup-steps cannot be used together")
        }
    }

    func run() async throws {
        let context = CLIContext.current
        let (spec, specRules) = try JobSpecBuilder(environment: context.environment).buildWithRules(specFile: specFile, flags: fields.given, sets: sets)
        for (_, value) in spec.setFields { context.secrets.add(secretsIn: value) }
        let session = try Session(global)
        let submission = try session.submission(requireKey: !dryRun, refuseInvalid: !noValidate)
        let plan = try await submission.plan(spec, requestID: requestID)
        if dryRun {
            try session.checkBudgets(plan, maxCost: maxCost)
            return session.print(DryRun.describe(plan, format: session.renderer.format, context: context))
        }
        // Only a figure is worth a line: a script's stderr holds nothing but errors otherwise.
        if plan.cost != nil || plan.providerEstimate != nil { session.note(SubmissionText.estimateLine(plan)) }
        try session.checkBudgets(plan, maxCost: maxCost)
        if let cost = plan.cost {
            try Confirm.ask("Create this job for about \(NSDecimalNumber(decimal: cost.amount).stringValue) \(cost.currency)?", yes: yes, session: session)
        }
        let bars = UploadBars(plan, context: context)
        let job = try await session.interruptible("jobs create") { try await submission.submit(plan, progress: bars.update) }
        bars.finish()
        session.recordCreated(job, plan: plan)
        guard follow || wait else { return session.print(try session.renderer.one(job)) }
        session.note("created job \(job.id)")
        let watch = JobWatch(session: session, client: submission.client, jobID: job.id, rules: specRules + rules.armed,
                             hooks: hooks, interval: interval.seconds, spend: SpendMeter(total: plan.cost?.amount))
        try await (follow ? watch.follow() : watch.wait())
    }
}
