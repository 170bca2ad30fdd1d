import ArgumentParser
import FineTuning
import Foundation

struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a dataset file and count its tokens, offline.",
        discussion: """
        Streams the file (any size, constant memory, both cores). Each problem is one line \
        PATH:LINE: kind: what is wrong. Exit 65 when there is any error; warnings alone exit 0. \
        Tokens are exact when the model's rank file is on this machine (--tokenizer, \
        $FTCTL_TOKENIZERS, the config folder's tokenizers/, tiktoken's cache; \
        `ftctl tokenizers fetch NAME` downloads one), else estimated and marked ≈.
        """)

    @OptionGroup var global: GlobalFlags
    @Argument(help: "The dataset (.jsonl).", completion: .file(extensions: ["jsonl"])) var path: String
    @Option(help: "auto, chat, completion, text or preference.") var format: FormatOption = .auto
    @Option(help: "The model whose tokenizer and context limit apply.") var model: String?
    @Option(help: ArgumentHelp("A rank file, or a family: o200k_base, cl100k_base, llama3, qwen2.", valueName: "path|name"), completion: .file())
    var tokenizer: String?
    @Option(name: .customLong("max-errors"), help: "Print at most this many problems (the totals stay exact).") var maxErrors: Int = 50
    @Option(name: .customLong("write-fixed"), help: ArgumentHelp("Write a corrected copy here.", valueName: "out"), completion: .file())
    var writeFixed: String?

    func validate() throws {
        if maxErrors < 0 { throw ValidationError("--max-errors must be 0 or more") }
        if let writeFixed, (writeFixed as NSString).standardizingPath == (path as NSString).standardizingPath {
            throw ValidationError("--write-fixed must name another file than the input")
        }
    }

    func run() async throws {
        let context = CLIContext.current
        var check = DatasetCheck(environment: context.environment)
        check.format = format
        check.model = model
        check.tokenizer = tokenizer
        // The provider's rules: --provider, or the profile's, without needing a key.
        if let settings = try? SettingsResolver(options: global.options, environment: context.environment).resolve() {
            check.provider = settings.provider
        }
        // The catalog gives only the model's context limit: decoding it costs about 4 ms, so
        // only when --model names one.
        let catalog = model == nil ? nil : try? CatalogLoader.load()
        let result = try await check.run(path: path, writeFixed: writeFixed, catalog: catalog)
        let renderer = Renderer(global, context: context)
        if renderer.format == .json || renderer.format == .yaml {
            let json = ValidationText.ordered(JSONValue.parse(try result.report(maxErrors: maxErrors).jsonData()) ?? .null)
            context.out(renderer.format == .json ? json.serialized(pretty: true) + "\n" : Renderer.yaml(json))
        } else {
            context.out(ValidationText.render(result, maxErrors: maxErrors))
        }
        if result.errorCount > 0 {
            throw FTError(.invalidData, what: path, why: "\(result.errorCount) error\(result.errorCount == 1 ? "" : "s") in \(result.examples) examples",
                          hint: writeFixed == nil ? "Fix the lines listed, or write a corrected copy with --write-fixed OUT." : nil)
        }
    }
}

extension FormatOption: ExpressibleByArgument {}

/// The human view of a validation: the problems, one line each, then the summary.
enum ValidationText {
    /// The contract's field order (a JSON round trip sorts keys), then any others.
    static let order = ["file", "format", "examples", "error_count", "errors", "tokens", "over_limit", "billed_tokens_per_epoch",
                        "warning_count", "warnings", "messages", "default_epochs", "sha256", "provider", "bytes",
                        "line", "kind", "message", "exact", "tokenizer", "total", "content", "min", "mean", "p50", "p95", "max"]

    static func ordered(_ v: JSONValue) -> JSONValue { OrderedJSON.reorder(v, order) }

    static func render(_ r: ValidationResult, maxErrors: Int) -> String {
        var out = ""
        let problems = (r.errors + r.warnings).sorted { $0.line < $1.line }
        for p in problems.prefix(maxErrors) {
            // Line 0 is the whole file (too few examples, an empty file).
            out += (p.line > 0 ? "\(r.file):\(p.line)" : r.file) + ": \(p.kind.rawValue): \(p.message)\n"
        }
        let total = r.errorCount + r.warningCount
        if total > min(problems.count, maxErrors) { out += "… \(total - min(problems.count, maxErrors)) more not shown (--max-errors)\n" }
        var rows: [(String, String)] = [
            ("file", r.file), ("format", r.format?.rawValue ?? "-"), ("examples", "\(r.examples)"), ("messages", "\(r.messages)"),
            ("errors", "\(r.errorCount)"), ("warnings", "\(r.warningCount)"),
        ]
        if let t = r.tokens {
            let mark = t.exact ? "" : "≈"
            rows.append(("tokens", "\(mark)\(t.total) total, \(mark)\(t.content) content (\(t.exact ? "exact" : "estimate"), \(t.tokenizer))"))
            rows.append(("per example", "min \(t.min) · mean \(String(format: "%.1f", t.mean)) · p50 \(t.p50) · p95 \(t.p95) · max \(t.max)"))
        }
        if let limit = r.contextLimit { rows.append(("over \(limit) tokens", "\(r.overLimit)")) }
        if let billed = r.billedTokensPerEpoch { rows.append(("billed per epoch", "\(billed)")) }
        if let epochs = r.defaultEpochs { rows.append(("default epochs", "\(epochs)")) }
        if let fix = r.fix {
            rows.append(("fixed copy", "\(fix.path): \(fix.linesWritten) lines, \(fix.dropCount) dropped"))
            for d in fix.drops.prefix(maxErrors) { out += "\(r.file):\(d.line): dropped: \(d.kind.rawValue)\n" }
        }
        out += Renderer.fieldLines(rows)
        return out
    }
}
