import ArgumentParser
import FTCore

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

struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check a dataset file and count its tokens, offline.")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The dataset (.jsonl).") var path: String
    @Option(help: "auto, chat, completion, text or preference.") var format: String = "auto"
    @Option(help: "The model whose limits apply.") var model: String?
    @Option(help: "A tokenizer.json for exact counts.") var tokenizer: String?
    @Option(name: .customLong("max-errors"), help: "Stop after this many errors.") var maxErrors: Int?

    func run() async throws {
        throw FTError(.general, what: "validate", why: "dataset validation is not in this build yet",
                      hint: "It comes with the dataset release.")
    }
}

struct Sandbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the local emulator of every provider (ftctl-sandbox).",
        discussion: "Prints `<provider-id> <base-url>` for each provider, then `ready`, and runs until interrupted.")
    @Option(help: "Address to bind.") var host: String = "127.0.0.1"
    @Option(help: "Port; 0 picks a free one.") var port: Int = 0
    @Option(name: .customLong("api-key"), help: "The key every dialect accepts.") var apiKey: String = "sk-sandbox"
    @Option(help: "Multiplies simulated time.") var speed: Double = 1
    @Option(help: ArgumentHelp("RATE[:KIND,...] with KIND from 429, 500, 503, reset, slow, truncate.", valueName: "spec"))
    var faults: String?
    @Option(name: .customLong("data-dir"), help: "Keep uploaded files here across restarts.") var dataDir: String?
    @Option(help: "Seed for reproducible faults.") var seed: Int?

    func run() async throws {
        throw FTError(.general, what: "sandbox", why: "the sandbox is not in this build yet", hint: "It comes with the sandbox release.")
    }
}
