import ArgumentParser
import FineTuning

/// The `jobs create` flags of the job-spec table. Each flag's name, value name and help come from
/// its `JobField`; values stay text here and are read and checked by the field (`JobSpecBuilder`),
/// so the rules live in one place. `given` lists each flag with its field.
struct JobFieldOptions: ParsableArguments {
    private static func long(_ f: JobField) -> NameSpecification { .customLong(String(f.flag.dropFirst(2))) }
    private static func help(_ f: JobField) -> ArgumentHelp { ArgumentHelp(f.helpText, valueName: f.valueName) }

    @Option(name: long(.model), help: help(.model)) var model: String?
    @Option(name: long(.trainingFile), help: help(.trainingFile), completion: .file(extensions: ["jsonl"])) var trainingFile: String?
    @Option(name: long(.validationFile), help: help(.validationFile), completion: .file(extensions: ["jsonl"])) var validationFile: String?
    @Option(name: long(.name), help: help(.name)) var name: String?
    @Option(name: long(.description), help: help(.description)) var description: String?
    @Option(name: long(.suffix), help: help(.suffix)) var suffix: String?
    @Option(name: long(.seed), help: help(.seed)) var seed: String?
    @Option(name: long(.metadata), parsing: .upToNextOption, help: help(.metadata)) var metadata: [String] = []
    @Option(name: long(.tags), help: help(.tags)) var tags: [String] = []
    @Option(name: long(.integrations), help: help(.integrations)) var integrations: [String] = []
    @Option(name: long(.fromCheckpoint), help: help(.fromCheckpoint)) var fromCheckpoint: String?
    @Option(name: long(.hardware), help: help(.hardware)) var hardware: String?
    @Option(name: long(.outputURI), help: help(.outputURI)) var outputURI: String?
    @Option(name: long(.method), help: help(.method)) var method: String?
    @Option(name: long(.grader), help: help(.grader)) var grader: String?
    @Option(name: long(.epochs), help: help(.epochs)) var epochs: String?
    @Option(name: long(.batchSize), help: help(.batchSize)) var batchSize: String?
    @Option(name: long(.learningRate), help: help(.learningRate)) var learningRate: String?
    @Option(name: long(.learningRateMultiplier), help: help(.learningRateMultiplier)) var learningRateMultiplier: String?
    @Option(name: long(.beta), help: help(.beta)) var beta: String?
    @Option(name: long(.reasoningEffort), help: help(.reasoningEffort)) var reasoningEffort: String?
    @Option(name: long(.computeMultiplier), help: help(.computeMultiplier)) var computeMultiplier: String?
    @Option(name: long(.evalInterval), help: help(.evalInterval)) var evalInterval: String?
    @Option(name: long(.evalSamples), help: help(.evalSamples)) var evalSamples: String?
    @Option(name: long(.warmupRatio), help: help(.warmupRatio)) var warmupRatio: String?
    @Option(name: long(.warmupSteps), help: help(.warmupSteps)) var warmupSteps: String?
    @Option(name: long(.weightDecay), help: help(.weightDecay)) var weightDecay: String?
    @Flag(name: long(.packing), inversion: .prefixedNo, help: ArgumentHelp(JobField.packing.helpText)) var packing: Bool?
    @Option(name: long(.maxGradNorm), help: help(.maxGradNorm)) var maxGradNorm: String?
    @Option(name: long(.contextLength), help: help(.contextLength)) var contextLength: String?
    @Flag(name: long(.lora), inversion: .prefixedNo, help: ArgumentHelp(JobField.lora.helpText)) var lora: Bool?
    @Option(name: long(.loraR), help: help(.loraR)) var loraR: String?
    @Option(name: long(.loraAlpha), help: help(.loraAlpha)) var loraAlpha: String?
    @Option(name: long(.loraDropout), help: help(.loraDropout)) var loraDropout: String?
    // Together's own fields.
    @Option(name: long(.nCheckpoints), help: help(.nCheckpoints)) var nCheckpoints: String?
    @Option(name: long(.nEvals), help: help(.nEvals)) var nEvals: String?
    @Option(name: long(.loraTrainableModules), help: help(.loraTrainableModules)) var loraTrainableModules: String?
    @Option(name: long(.trainOnInputs), help: help(.trainOnInputs)) var trainOnInputs: String?
    @Option(name: long(.lrScheduler), help: help(.lrScheduler)) var lrScheduler: String?
    @Option(name: long(.rpoAlpha), help: help(.rpoAlpha)) var rpoAlpha: String?
    @Option(name: long(.simpoGamma), help: help(.simpoGamma)) var simpoGamma: String?
    @Option(name: long(.fromJob), help: help(.fromJob)) var fromJob: String?

    init() {}

    /// Every field flag with what was given for it, in the table's order.
    var given: [(field: JobField, texts: [String])] {
        let one: (String?) -> [String] = { $0.map { [$0] } ?? [] }
        let pairs: [(JobField, [String])] = [
            (.name, one(name)), (.model, one(model)), (.trainingFile, one(trainingFile)), (.description, one(description)),
            (.validationFile, one(validationFile)), (.suffix, one(suffix)), (.seed, one(seed)), (.metadata, metadata),
            (.tags, tags), (.integrations, integrations), (.fromCheckpoint, one(fromCheckpoint)), (.hardware, one(hardware)), (.outputURI, one(outputURI)),
            (.method, one(method)), (.grader, one(grader)), (.epochs, one(epochs)), (.batchSize, one(batchSize)), (.learningRate, one(learningRate)),
            (.learningRateMultiplier, one(learningRateMultiplier)), (.beta, one(beta)), (.reasoningEffort, one(reasoningEffort)),
            (.computeMultiplier, one(computeMultiplier)), (.evalInterval, one(evalInterval)), (.evalSamples, one(evalSamples)),
            (.warmupRatio, one(warmupRatio)),
            (.warmupSteps, one(warmupSteps)), (.weightDecay, one(weightDecay)), (.packing, one(packing.map(String.init))),
            (.maxGradNorm, one(maxGradNorm)), (.contextLength, one(contextLength)), (.lora, one(lora.map(String.init))),
            (.loraR, one(loraR)), (.loraAlpha, one(loraAlpha)), (.loraDropout, one(loraDropout)),
            (.nCheckpoints, one(nCheckpoints)), (.nEvals, one(nEvals)), (.loraTrainableModules, one(loraTrainableModules)),
            (.trainOnInputs, one(trainOnInputs)), (.lrScheduler, one(lrScheduler)), (.rpoAlpha, one(rpoAlpha)),
            (.simpoGamma, one(simpoGamma)), (.fromJob, one(fromJob)),
        ]
        return pairs.map { (field: $0.0, texts: $0.1) }
    }
}
