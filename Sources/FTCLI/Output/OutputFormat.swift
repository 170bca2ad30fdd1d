import ArgumentParser

public enum OutputFormat: String, CaseIterable, Sendable, ExpressibleByArgument {
    case table, wide, json, yaml, name, csv

    /// The parser asks every run (for help and completions); its generic default, through
    /// `String(describing:)`, cost 0.7 million instructions of each start (Docs/BENCH.md).
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
