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
    @Option(name: .customLong("max-cost"), help: ArgumentHelp("Refuse when the estimate exceeds this many USD.", valueName: "usd"))
    var maxCost: String?
    @Flag(help: "Wait until the job ends; exit code by outcome.") var wait = false
    @Flag(help: "Follow the job's logs until it ends; exit code by outcome.") var follow = false

    func validate() throws {
        if wait && follow { throw ValidationError("--wait and --follow cannot be used together") }
        if fields.warmupRatio != nil && fields.warmupSteps != nil {
            throw ValidationError("--warmup-ratio and --warmup-steps cannot be used together")
        }
    }

    func run() async throws {
        if maxCost != nil {
            throw FTError(.general, what: "--max-cost", why: "the budget guard needs the cost planner, which is not in this build yet",
                          hint: "Create the job without --max-cost.")
        }
        let context = CLIContext.current
        // Every value is read and range-checked before settings or keys are looked at.
        var spec = try JobSpecBuilder(environment: context.environment).build(specFile: specFile, flags: fields.given, sets: sets)
        for (_, value) in spec.setFields { context.secrets.add(secretsIn: value) }
        let session = try Session(global)
        let client = try session.client(requireKey: !dryRun)
        // The provider's own rules, before any upload.
        try JobSpecRules.check(spec, for: client.provider.dialect)
        if !dryRun {
            let files = FileService(client: client)
            for field in [JobField.trainingFile, .validationFile] {
                guard let value = spec[field]?.string else { continue }
                let resolved = try await files.resolve(value)
                if resolved.upload != nil { session.note("uploaded \(value) as \(resolved.id)") }
                spec[field] = .string(resolved.id)
            }
        }
        let endpoint = try client.provider.createJob(spec)
        if dryRun {
            session.print(DryRun.describe(client.preview(endpoint.request), redactor: context.secrets.redactor))
            return
        }
        let job = try await client.send(endpoint)
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
}
