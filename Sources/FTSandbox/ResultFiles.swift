import FTCore
import Foundation

/// A finished job's result file (`file-result-<last 8 of the job id>`, as its `result_files` names
/// it), served like any uploaded file. OpenAI's is a CSV of the training metrics by step; this one
/// has the same header (openai/openai-openapi documents result_files as file ids whose content the
/// files API serves; the columns follow OpenAI's fine-tuning guide, "Analyzing your fine-tuned model").
extension SandboxStore {
    static let resultPrefix = "file-result-"

    static let checkpointPrefix = "file-ckpt-"

    func resultFile(_ id: String, now: Date = Date()) -> StoredFile? {
        if id.hasPrefix(Self.checkpointPrefix) { return checkpointFile(id, now: now) }
        guard id.hasPrefix(Self.resultPrefix) else { return nil }
        let tail = id.dropFirst(Self.resultPrefix.count)
        guard let job = jobs.values.first(where: { $0.id.hasSuffix(tail) && $0.surface != .generic }) else { return nil }
        let (status, _) = job.state(at: now, speed: speed)
        guard status == .succeeded else { return nil }
        let content = Self.metricsCSV(job, through: job.totalSteps)
        let finished = job.realTime(ofVirtual: job.runEnd, speed: speed)
        return StoredFile(id: id, filename: "step_metrics.csv", purpose: "fine-tune-results", bytes: content.count,
                          createdAt: finished, content: content)
    }

    /// A Nebius checkpoint's result file (`file-ckpt-<last 8 of the job id>-<step>`, as the
    /// checkpoint list's `result_files` names it): the metrics up to its step, once it is saved.
    func checkpointFile(_ id: String, now: Date) -> StoredFile? {
        let tail = id.dropFirst(Self.checkpointPrefix.count)
        guard let dash = tail.lastIndex(of: "-"), let step = Int(tail[tail.index(after: dash)...]) else { return nil }
        let jobTail = tail[..<dash]
        guard !jobTail.isEmpty, let job = jobs.values.first(where: { $0.id.hasSuffix(jobTail) && $0.surface == .nebius }),
              let saved = job.checkpoints(at: now, speed: speed).first(where: { $0.step == step }) else { return nil }
        let content = Self.metricsCSV(job, through: step)
        return StoredFile(id: id, filename: "checkpoint_\(step)_metrics.csv", purpose: "fine-tune-results", bytes: content.count,
                          createdAt: saved.time, content: content)
    }

    static func metricsCSV(_ job: SandboxJob, through last: Int) -> Data {
        var csv = "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n"
        for step in 1...max(1, last) {
            let valid = job.validLossValue(step: step)
            csv += "\(step),\(SandboxJob.text(job.trainLossValue(step: step))),,\(valid == .null ? "" : SandboxJob.text(valid)),\n"
        }
        return Data(csv.utf8)
    }

    /// An uploaded file, or a finished job's result file.
    func anyFile(_ id: String) -> StoredFile? { file(id) ?? resultFile(id) }
}
