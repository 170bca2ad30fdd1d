import ArgumentParser
import FineTuning
import Foundation

struct JobsCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a fine-tuning job.",
        discussion: """
        --training-file and --validation-file take a file id, or the path of a local file, which is
        checked, found in the upload cache or uploaded. Every field is checked against the provider
        before anything is uploaded. A spec file (-f) is a YAML or JSON mapping with the fields'
        names as keys (learning_rate or learning-rate), flags winning; raw body fields go under
        `set:`, as --set KEY=VALUE does. --dry-run prints the request exactly as it would be sent
        (its request id included; -o json for the request, the files and the estimate as data).
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
    @Flag(help: "Wait until the job ends; exit code by outcome.") var wait = false
    @Flag(help: "Follow the job's logs until it ends; exit code by outcome.") var follow = false

    func validate() throws {
        if wait && follow { throw ValidationError("--wait and --follow cannot be used together") }
        if fields.warmupRatio != nil && fields.warmupSteps != nil {
            throw ValidationError("--warmup-ratio and --warmup-steps cannot be used together")
        }
    }

    func run() async throws {
        let context = CLIContext.current
        let spec = try JobSpecBuilder(environment: context.environment).build(specFile: specFile, flags: fields.given, sets: sets)
        for (_, value) in spec.setFields { context.secrets.add(secretsIn: value) }
        let session = try Session(global)
        let submission = try session.submission(requireKey: !dryRun, refuseInvalid: !noValidate)
        let plan = try await submission.plan(spec)
        if dryRun { return session.print(DryRun.describe(plan, format: session.renderer.format, context: context)) }
        session.note(SubmissionText.estimateLine(plan))
        if let maxCost { try plan.checkBudget(maxCost.amount) }
        if let budget = session.settings.monthlyBudget {
            try SpendReport.checkMonthlyBudget(plan.cost?.amount, budget: budget, records: session.ledger.read().records, now: Date())
        }
        if let cost = plan.cost {
            try Confirm.ask("Create this job for about \(NSDecimalNumber(decimal: cost.amount).stringValue) \(cost.currency)?", yes: yes, session: session)
        }
        let bars = UploadBars(plan, context: context)
        let job = try await session.interruptible("jobs create") { try await submission.submit(plan, progress: bars.update) }
        bars.finish()
        session.recordCreated(job, estimate: plan.estimate)
        if follow || wait { session.note("created job \(job.id)") }
        if follow { return try await FollowRunner(session: session, client: submission.client, jobID: job.id).run() }
        if wait {
            let done = try await JobWaiter(client: submission.client).wait(id: job.id, interval: 5) { session.noteStatus($0) }
            return try JobsWait.finish(done, target: .terminal, session: session)
        }
        session.print(try session.renderer.one(job))
    }
}
