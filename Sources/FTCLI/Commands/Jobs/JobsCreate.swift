import ArgumentParser
import FineTuning
import Foundation

struct JobsCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a fine-tuning job.",
        discussion: """
        --training-file and --validation-file take a file id, or the path of a local file, which is
        uploaded first. Every field is checked against the provider before anything is uploaded.
        A spec file (-f) is a YAML or JSON mapping with the fields' names as keys (learning_rate or
        learning-rate), flags winning; raw body fields go under `set:`, as --set KEY=VALUE does.
        Examples:
          ftctl jobs create --model gpt-4o-mini --training-file train.jsonl --epochs 3
          ftctl jobs create -f job.yaml --suffix v2 --dry-run
        """)

    @OptionGroup var global: GlobalFlags
    @Option(name: [.customShort("f"), .customLong("file")], help: ArgumentHelp("A job spec, YAML or JSON.", valueName: "spec"))
    var specFile: String?
    @OptionGroup(title: "Job fields") var fields: JobFieldOptions
    @Option(name: .customLong("set"), help: ArgumentHelp("A raw body field, dotted path (repeatable, unchecked).", valueName: "key=value"))
    var sets: [String] = []
    @Flag(name: .customLong("dry-run"), help: "Print the request that would be sent, secrets redacted, and send nothing.")
    var dryRun = false
    @Flag(name: [.short, .customLong("yes")], help: "Do not ask for confirmation.") var yes = false
    @Flag(name: .customLong("no-validate"), help: "Upload local files without checking them first.") var noValidate = false
    @Option(name: .customLong("max-cost"), help: ArgumentHelp("Refuse when the estimate exceeds this many USD.", valueName: "usd"))
    var maxCost: String?
    @Flag(help: "Wait until the job ends; exit code by outcome.") var wait = false
    @Flag(help: "Follow the job's logs until it ends; exit code by outcome.") var follow = false

    func validate() throws {
        if wait && follow { throw ValidationError("--wait and --follow cannot be used together") }
        if fields.warmupRatio != nil && fields.warmupSteps != nil {
            throw ValidationError("--warmup-ratio and --warmup-steps cannot be used together")
        }
        if let maxCost, Self.budget(maxCost) == nil {
            throw ValidationError("--max-cost '\(maxCost.prefix(40))' is not an amount of USD, e.g. 25 or 12.50")
        }
    }

    func run() async throws {
        let context = CLIContext.current
        // Every value is read and range-checked before settings or keys are looked at.
        var spec = try JobSpecBuilder(environment: context.environment).build(specFile: specFile, flags: fields.given, sets: sets)
        for (_, value) in spec.setFields { context.secrets.add(secretsIn: value) }
        let session = try Session(global)
        let client = try session.client(requireKey: !dryRun)
        // The provider's own rules, then the budget, before any upload.
        try JobSpecRules.check(spec, for: client.provider.dialect)
        if !dryRun { try await guardBudget(spec, session: session, client: client) }
        if !dryRun {
            // A local path is checked, found in the upload cache or uploaded; anything else is an id.
            for field in [JobField.trainingFile, .validationFile] {
                guard let value = spec[field]?.string, FileArgument.isLocalFile(value) else { continue }
                let progress = ProgressBar.forUpload((value as NSString).lastPathComponent, context: context)
                let upload = session.datasetUpload(client, validate: !noValidate, model: spec.model, progress: progress)
                let done = try await session.interruptible("upload \(value)") { try await upload.upload(path: value) }
                progress?.finish()
                if !done.reused { session.note("uploaded \(value) as \(done.file.id)") }
                spec[field] = .string(done.file.id)
            }
        }
        let endpoint = try client.provider.createJob(spec)
        if dryRun {
            session.print(DryRun.describe(client.preview(endpoint.request), redactor: context.secrets.redactor))
            return
        }
        let job = try await JobCreator(client: client).create(spec)
        if follow {
            session.note("created job \(job.id)")
            try await FollowRunner(session: session, client: client, jobID: job.id).run()
            return
        }
        if wait {
            session.note("created job \(job.id)")
            try JobsWait.finish(try await JobWaiter(client: client).wait(id: job.id, interval: 5) { session.noteStatus($0) },
                                      target: .terminal, session: session)
            return
        }
        session.print(try session.renderer.one(job))
    }

    static func budget(_ text: String) -> Decimal? {
        guard let d = Double(text), d.isFinite, d >= 0, d < 1e12 else { return nil }
        return Decimal(string: text)
    }

    /// The estimate before spending: shown on stderr, asked about on a terminal (-y skips), and
    /// held to --max-cost (exit 7). Only a local training file can be counted; a job whose cost
    /// cannot be estimated passes unless a budget was set.
    private func guardBudget(_ spec: JobSpec, session: Session, client: FTClient) async throws {
        var cost: Cost?
        var why = "the training file is an id, so its tokens cannot be counted here"
        if FileArgument.isLocalFile(spec.trainingFile) {
            do {
                let estimator = try JobEstimator.standard(environment: session.context.environment)
                var request = EstimateRequest(model: spec.model, epochs: spec[.epochs]?.int)
                request.provider = client.provider.id.rawValue
                try await estimator.count(dataset: spec.trainingFile, into: &request, environment: session.context.environment)
                let estimate = try await estimator.estimate(request)
                cost = estimate.cost
                if let cost {
                    session.note("estimate: \(estimate.billedTokens) billed tokens (\(estimate.epochs) epochs), \(EstimateText.money(cost))")
                } else {
                    why = "no price is known for \(spec.model) on \(client.provider.id)"
                }
            } catch let e as FTError {
                why = e.why
            }
        }
        if let maxCost, let limit = Self.budget(maxCost) {
            guard let cost else {
                throw FTError(.declined, what: "--max-cost", why: "the cost cannot be estimated: \(why)",
                              hint: "Pass the training data as a local file, or leave --max-cost out.")
            }
            if cost.amount > limit {
                throw FTError(.declined, what: "--max-cost", why: "the estimate, \(EstimateText.money(cost)), is above the budget of \(maxCost) USD",
                              hint: "Raise --max-cost, or use fewer epochs or less data (`ftctl estimate` shows the parts).")
            }
        }
        if let cost, !yes {
            try Confirm.ask("Create this job for about \(NSDecimalNumber(decimal: cost.amount).stringValue) \(cost.currency)?", yes: false, session: session)
        }
    }
}
