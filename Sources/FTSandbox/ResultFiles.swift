import FTCore
import Foundation

/// A finished job's result file (`file-result-<last 8 of the job id>`, as its `result_files` names
/// it), served like any uploaded file. OpenAI's is a CSV of the training metrics by step; this one
/// has the same header (openai/openai-openapi documents result_files as file ids whose content the
/// files API serves; the columns follow OpenAI's fine-tuning guide, "Analyzing your fine-tuned model").
extension SandboxStore {
    static let resultPrefix = "file-result-"

    func resultFile(_ id: String, now: Date = Date()) -> StoredFile? {
        guard id.hasPrefix(Self.resultPrefix) else { return nil }
        let tail = id.dropFirst(Self.resultPrefix.count)
        guard let job = jobs.values.first(where: { $0.id.hasSuffix(tail) && $0.surface != .generic }) else { return nil }
        let (status, _) = job.state(at: now, speed: speed)
        guard status == .succeeded else { return nil }
        var csv = "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n"
        for step in 1...max(1, job.totalSteps) {
            let valid = job.validLossValue(step: step)
            csv += "\(step),\(SandboxJob.text(job.trainLossValue(step: step))),,\(valid == .null ? "" : SandboxJob.text(valid)),\n"
        }
        let content = Data(csv.utf8)
        let finished = job.realTime(ofVirtual: job.runEnd, speed: speed)
        return StoredFile(id: id, filename: "step_metrics.csv", purpose: "fine-tune-results", bytes: content.count,
                          createdAt: finished, content: content)
    }

    /// An uploaded file, or a finished job's result file.
    func anyFile(_ id: String) -> StoredFile? { file(id) ?? resultFile(id) }
}
