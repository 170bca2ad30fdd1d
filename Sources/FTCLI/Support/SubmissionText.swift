import FineTuning
import Foundation

/// The lines `jobs create` tells on stderr about a plan: the estimate, and what each local file comes to.
enum SubmissionText {
    static func estimateLine(_ plan: SubmissionPlan) -> String {
        var line: String
        if let e = plan.estimate, e.cost != nil {
            line = "estimate: \(e.billedTokens) billed tokens (\(e.epochs) epochs), \(EstimateText.money(e.cost))"
        } else {
            line = "estimate: none (\(plan.estimateProblem ?? "unknown"))"
        }
        if let theirs = plan.providerEstimate?.amount {
            line += "; the provider's own estimate: \(NSDecimalNumber(decimal: theirs).stringValue) \(plan.providerEstimate?.currency ?? "USD")"
        }
        return line
    }

    static func fileLine(_ file: SubmissionPlan.LocalFile) -> String {
        if let id = file.cachedID { return "\(file.path) was uploaded before as \(id); the request reuses it (if the provider still has it)" }
        var line = "\(file.path) would be uploaded (\(Renderer.bytes(Double(file.prepared.bytes)))"
        if let v = file.prepared.validation { line += ", \(v.examples) examples, \(v.errorCount) errors" }
        return line + "); the request shows \(file.placeholder) where its file id will be"
    }
}

/// One progress bar per file to upload, drawn only on a terminal.
struct UploadBars: Sendable {
    private let bars: [String: ProgressBar]

    init(_ plan: SubmissionPlan, context: CLIContext) {
        var bars: [String: ProgressBar] = [:]
        for file in plan.uploads {
            bars[file.path] = ProgressBar.forUpload((file.path as NSString).lastPathComponent, context: context)
        }
        self.bars = bars
    }

    var update: @Sendable (String, Int64, Int64) -> Void {
        let bars = self.bars
        return { path, sent, total in bars[path]?.update(sent, total) }
    }

    func finish() {
        for bar in bars.values { bar.finish() }
    }
}
