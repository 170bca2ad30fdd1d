import ArgumentParser

public enum OutputFormat: String, CaseIterable, Sendable, ExpressibleByArgument {
    case table, wide, json, yaml, name, csv

    /// The parser asks every run (for help and completions); its generic default, through
    /// `String(describing:)`, cost 0.7 million instructions of each start (Docs/BENCH.md).
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
    /// Each value's description is its name, so the generic default computes an empty list, by
    /// `String(describing:)` of every case (two conformance look-ups a start, Docs/BENCH.md).
    public static var allValueDescriptions: [String: String] { [:] }
}
