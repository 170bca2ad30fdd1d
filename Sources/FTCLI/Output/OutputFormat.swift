import ArgumentParser

public enum OutputFormat: String, CaseIterable, Sendable, ExpressibleByArgument {
    case table, wide, json, yaml, name, csv
}
