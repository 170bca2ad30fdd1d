import FTDatasets
import Foundation

/// A temporary folder removed when the value goes away.
final class TempDir {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "ftds-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String, _ bytes: [UInt8]) -> String {
        let p = path + "/" + name
        _ = FileManager.default.createFile(atPath: p, contents: Data(bytes))
        return p
    }

    func file(_ name: String, lines: [String], trailingNewline: Bool = true) -> String {
        var text = lines.joined(separator: "\n")
        if trailingNewline, !lines.isEmpty { text += "\n" }
        return file(name, Array(text.utf8))
    }
}

/// A valid chat example.
func chat(_ user: String = "hi", _ assistant: String = "hello", system: String? = nil) -> String {
    var messages: [String] = []
    if let system { messages.append(#"{"role":"system","content":"\#(system)"}"#) }
    messages.append(#"{"role":"user","content":"\#(user)"}"#)
    messages.append(#"{"role":"assistant","content":"\#(assistant)"}"#)
    return #"{"messages":["# + messages.joined(separator: ",") + "]}"
}

/// n distinct valid chat examples.
func goodLines(_ n: Int, prefix: String = "q") -> [String] {
    (0..<n).map { chat("\(prefix) \($0)", "answer \($0)") }
}

func validate(_ path: String, _ configure: (inout ValidationOptions) -> Void = { _ in }) async throws -> ValidationResult {
    var options = ValidationOptions()
    configure(&options)
    return try await DatasetValidator(options: options).validate(path: path)
}

extension ValidationResult {
    /// Every retained problem (errors and warnings) as (line, kind), in line order.
    var found: [(Int, ProblemKind)] {
        (errors + warnings).sorted { ($0.line, $0.kind.rawValue) < ($1.line, $1.kind.rawValue) }.map { ($0.line, $0.kind) }
    }
    var errorPairs: [String] { errors.map { "\($0.line):\($0.kind.rawValue)" } }
    var warningPairs: [String] { warnings.map { "\($0.line):\($0.kind.rawValue)" } }
    func has(_ kind: ProblemKind, line: Int? = nil) -> Bool {
        (errors + warnings).contains { $0.kind == kind && (line == nil || $0.line == line) }
    }
}
