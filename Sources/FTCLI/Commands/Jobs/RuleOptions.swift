import ArgumentParser
import FineTuning

/// `--warn-if` / `--cancel-if` and the check interval, on `jobs wait`, `jobs logs --follow` and
/// `jobs create --wait|--follow`. A malformed rule fails while parsing (exit 64), listing the rules.
struct RuleOptions: ParsableArguments {
    static func rule(_ text: String) throws -> WatchRule {
        do {
            return try WatchRule(parsing: text)
        } catch let e as FTError {
            throw ValidationError("\(e.why); rules are \(WatchRule.forms.joined(separator: ", "))")
        }
    }

    @Option(name: .customLong("warn-if"), parsing: .singleValue,
            help: ArgumentHelp("Print a line when RULE fires and go on (repeatable): \(WatchRule.forms.joined(separator: ", ")).", valueName: "rule"),
            transform: RuleOptions.rule)
    var warnIf: [WatchRule] = []
    @Option(name: .customLong("cancel-if"), parsing: .singleValue,
            help: ArgumentHelp("Cancel the job when RULE fires and exit 8 (repeatable).", valueName: "rule"),
            transform: RuleOptions.rule)
    var cancelIf: [WatchRule] = []

    init() {}

    var armed: [ArmedRule] { cancelIf.map { ArmedRule($0, .cancel) } + warnIf.map { ArmedRule($0, .warn) } }
}
