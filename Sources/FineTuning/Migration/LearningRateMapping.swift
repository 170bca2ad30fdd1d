import FTCore
import Foundation

/// OpenAI takes a learning-rate *multiplier* and never publishes the rate it multiplies; the open
/// providers take an absolute rate. A clone maps one to the other through the other side's
/// documented default rate, and says so: `learning_rate = multiplier × default`, and back.
public enum LearningRateMapping {
    public struct Reference: Sendable, Equatable {
        public var rate: Double
        public var source: String
    }

    /// The default learning rate each provider documents for supervised fine-tuning.
    public static let defaults: [String: Reference] = [
        // PyPI `together` 1.6.0 `together/resources/finetune.py`: create() sends `learning_rate or 1e-5`.
        "together": Reference(rate: 0.00001, source: "the together SDK's create default"),
        // nebius/tokenfactory-rl `schemas/openapi-fine-tuning.yaml`, SupervisedHParameters.learning_rate (default 1e-05).
        "nebius": Reference(rate: 0.00001, source: "Nebius's SupervisedHParameters default"),
    ]

    /// What a value of `field` from `source` becomes on `target`, when the target has no field of
    /// that name but takes the other kind of rate: (the field, its value, the sentence that says how).
    static func map(_ field: JobField, _ value: JSONValue, from source: String, to target: ProviderDeclaration)
        -> (field: JobField, value: JSONValue, how: String)?
    {
        guard let number = value.double else { return nil }
        let takes = { (f: JobField) in !f.paths(target.schema, upstream: target.upstream?.name).isEmpty }
        if field == .learningRateMultiplier, takes(.learningRate), let ref = defaults[target.id.rawValue] {
            let rate = number * ref.rate
            return (.learningRate, .double(rate),
                    "learning_rate_multiplier \(format(number)) × \(target.id)'s default rate \(format(ref.rate)) = \(format(rate)) (\(ref.source))")
        }
        if field == .learningRate, takes(.learningRateMultiplier), let ref = defaults[source] {
            let multiplier = number / ref.rate
            return (.learningRateMultiplier, .double(multiplier),
                    "learning_rate \(format(number)) ÷ \(source)'s default rate \(format(ref.rate)) = multiplier \(format(multiplier)) (\(ref.source))")
        }
        return nil
    }

    static func format(_ x: Double) -> String {
        String(format: "%.6g", x)
    }
}
