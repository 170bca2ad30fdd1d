import FineTuning
import Foundation

/// The entry points the libFuzzer targets (fuzz/) and the corpus replay test share: each takes
/// arbitrary bytes, feeds them to one reader of untrusted input, and must return, never trap.
/// Errors are the expected outcome for most inputs; only a crash is a finding.
public enum FuzzEntries {
    public static let targets = ["decode", "dataset", "tokenizer", "config", "spec"]

    public static func run(_ target: String, _ data: Data) async {
        switch target {
        case "decode": decode(data)
        case "dataset": await dataset(data)
        case "tokenizer": tokenizer(data)
        case "config": config(data)
        case "spec": spec(data)
        default: break
        }
    }

    static let providers: [any FineTuningProvider] = ProviderDeclaration.all.compactMap { d in
        try? ProviderFactory.make(declaration: d, baseURL: "https://fuzz.invalid/v1",
                                  options: [.portkeyProvider: "@fuzz", .tfyProviderName: "fuzz"])
    }

    /// Every response reader of every declaration, with the bytes as a 200 and as an error body.
    public static func decode(_ data: Data) {
        for p in providers {
            for status in [200, 400, 503] {
                let r = HTTPResponse(status: status, headers: ["content-type": "application/json"], body: data)
                _ = p.errorMessage(r)
                guard status == 200 else { continue }
                _ = try? p.getJob("j").decode(r)
                _ = try? p.listJobs(JobQuery(limit: 5)).decode(r)
                _ = try? p.listEvents(jobID: "j", EventQuery()).decode(r)
                _ = try? p.listCheckpoints(jobID: "j", EventQuery()).decode(r)
                _ = try? p.listFiles(limit: 5, after: nil).decode(r)
                _ = try? p.getFile("f").decode(r)
                _ = try? p.listModels().decode(r)
                _ = try? p.listHardware().decode(r)
                _ = try? p.stats().decode(r)
                _ = try? p.jobMetrics("j").decode(r)
                _ = try? p.perform(.cancel, jobID: "j").decode(r)
            }
        }
        _ = HostileBody.problem(HTTPResponse(status: 200, body: data))
        _ = JSONValue.parse(data)?.serialized()
    }

    /// A scratch file per process: the validator and the spec reader take paths.
    static func scratch(_ data: Data, _ ext: String) -> String {
        let path = NSTemporaryDirectory() + "ftctl-fuzz-\(getpid())." + ext
        // A scratch file that cannot be written reads as missing, which the entries handle.
        _ = FileManager.default.createFile(atPath: path, contents: data)
        return path
    }

    public static func dataset(_ data: Data) async {
        let path = scratch(data, "jsonl")
        for format in FormatOption.allCases {
            var options = ValidationOptions()
            options.format = format
            _ = try? await DatasetValidator(options: options).validate(path: path)
        }
    }

    public static func tokenizer(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        for kind in PatternKind.allCases {
            let pieces = PreTokenizer(kind: kind).pieces(text)
            // The pieces must cover the text exactly: anything else is a scanner bug.
            precondition(pieces.joined() == text, "\(kind) pieces do not rebuild the input")
        }
    }

    public static func config(_ data: Data) {
        _ = try? ConfigFile.parse(String(decoding: data, as: UTF8.self), path: "fuzz.yaml")
    }

    public static func spec(_ data: Data) {
        // The whole path of `-f`: read, parsed as JSON or YAML, every field read and checked.
        _ = try? JobSpecBuilder(environment: [:]).build(specFile: scratch(data, "yaml"))
    }
}
