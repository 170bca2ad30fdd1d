import FTCore

/// Training curves by step from metric rows, whatever the provider calls them: `train_loss`
/// (OpenAI checkpoints and events), `training_loss` (generic-v1), and so on.
public struct MetricSeries: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var step: Double
        public var value: Double
        public init(step: Double, value: Double) {
            self.step = step
            self.value = value
        }
    }

    public enum Kind: String, Sendable, CaseIterable {
        case trainLoss = "train loss", validLoss = "valid loss", learningRate = "learning rate"

        /// The field names each provider uses, in order of preference.
        var keys: [String] {
            switch self {
            case .trainLoss: return ["train_loss", "training_loss", "trainingLoss", "loss", "train_mean_loss"]
            case .validLoss: return ["valid_loss", "validation_loss", "validationLoss", "full_valid_loss", "eval_loss", "val_loss"]
            case .learningRate: return ["learning_rate", "lr"]
            }
        }
    }

    public var kind: Kind
    public var points: [Point]

    public var name: String { kind.rawValue }

    /// Each kind present in `rows`, its points in step order; a row without a finite step or value
    /// is left out of that series.
    public static func curves(from rows: [Record]) -> [MetricSeries] {
        Kind.allCases.compactMap { kind in
            guard let key = kind.keys.first(where: { k in rows.contains { $0.json[k]?.double != nil } }) else { return nil }
            let points = rows.compactMap { row -> Point? in
                guard let step = row.json["step"]?.double, let v = row.json[key]?.double, step.isFinite, v.isFinite else { return nil }
                return Point(step: step, value: v)
            }.sorted { $0.step < $1.step }
            return points.isEmpty ? nil : MetricSeries(kind: kind, points: points)
        }
    }
}
