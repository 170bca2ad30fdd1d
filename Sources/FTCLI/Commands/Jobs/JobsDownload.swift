import ArgumentParser
import FineTuning
import Foundation

/// The trained weights of a job (Together's `GET /finetune/download`), written as `files download`
/// writes: whole or not at all.
struct JobsDownload: AsyncParsableCommand {
    enum CheckpointType: String, ExpressibleByArgument, CaseIterable { case merged, adapter }

    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Download a job's trained model (to stdout, or -O PATH): the final one or a checkpoint's, merged or the adapter.")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    @Option(help: ArgumentHelp("A saved checkpoint's step (see `jobs checkpoints`); default: the final model.", valueName: "n"))
    var checkpointStep: Int?
    @Option(help: ArgumentHelp("merged (the base model with the adapter folded in) or adapter (LoRA jobs); default: the provider's.",
                               valueName: "merged|adapter"))
    var checkpointType: CheckpointType?
    @Option(name: [.customShort("O"), .customLong("output-file")],
            help: ArgumentHelp("Write here instead of stdout (- is stdout; a link is written through, a device or FIFO directly).",
                               valueName: "path"), completion: .file())
    var outputPath: String?

    func validate() throws {
        if let checkpointStep, checkpointStep < 0 { throw ValidationError("--checkpoint-step must be 0 or more") }
    }

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        try await session.download(to: outputPath, with: client) {
            try client.provider.downloadModel(jobID: id, step: checkpointStep, type: checkpointType?.rawValue, into: $0)
        }
    }
}
