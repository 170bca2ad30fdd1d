import ArgumentParser
import FineTuning

struct Estimate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimate memory, hardware, time and cost of a job, offline.")
    @OptionGroup var global: GlobalFlags
    @Option(help: "The base model.") var model: String
    @Option(help: "A dataset to count tokens in.") var dataset: String?
    @Option(help: "Tokens in the dataset.") var tokens: Int?
    @Option(help: "Examples in the dataset.") var examples: Int?
    @Option(help: "Epochs.") var epochs: Int?
    @Option(help: "full, lora or qlora.") var method: String?
    @Option(name: .customLong("context-length"), help: "Context length in tokens.") var contextLength: Int?
    @Option(name: .customLong("batch-size"), help: "Batch size.") var batchSize: Int?
    @Option(help: "Hardware id.") var hardware: String?
    @Option(help: "GPUs.") var gpus: Int?

    func validate() throws {
        if [dataset != nil, tokens != nil, examples != nil].filter({ $0 }).count != 1 {
            throw ValidationError("give exactly one of --dataset, --tokens, --examples")
        }
    }

    func run() async throws {
        throw FTError(.general, what: "estimate", why: "the offline cost and hardware planner is not in this build yet",
                      hint: "It comes with the planning release.")
    }
}

