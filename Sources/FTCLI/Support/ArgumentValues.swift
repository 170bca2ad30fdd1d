import ArgumentParser
import FineTuning
import Foundation

// Flag values read into their real types while parsing, so a bad one is a usage error (exit 64)
// naming the flag before anything runs, and no command parses the same text twice.

/// A duration flag: `90s`, `15m`, `2h`, `1d`, `250ms` or plain seconds.
struct DurationValue: ExpressibleByArgument, Sendable, Equatable {
    let seconds: Double
    let text: String

    init(seconds: Double) {
        self.seconds = seconds
        text = DurationText.format(seconds)
    }

    init?(argument: String) {
        guard let s = DurationText.seconds(argument) else { return nil }
        seconds = s
        text = argument
    }

    var defaultValueDescription: String { text }
}

/// An amount of US dollars, as `--max-cost 25` or `12.50`.
struct USDAmount: ExpressibleByArgument, Sendable, Equatable {
    let amount: Decimal
    let text: String

    init?(argument: String) {
        guard let d = Double(argument), d.isFinite, d >= 0, d < 1e12, let amount = Decimal(string: argument) else { return nil }
        self.amount = amount
        text = argument
    }
}

extension ProviderID: ExpressibleByArgument {
    public init?(argument: String) {
        guard let id = ProviderID.parse(argument) else { return nil }
        self = id
    }
    public static var allValueStrings: [String] { ProviderID.allCases.map(\.rawValue) }
    /// An id's description is its raw value, so the generic default computes an empty list, by
    /// `String(describing:)` of every id (Docs/BENCH.md).
    public static var allValueDescriptions: [String: String] { [:] }
}

extension OptimizerKind: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
}
