import Foundation

/// A small JSON or YAML file holding one mapping (a job spec, a grader). Never traps: a missing,
/// oversized, non-UTF-8 or malformed file becomes an error that names the file and `hint`.
public enum MappingFile {
    public static func load(_ path: String, maxBytes: Int = 1 << 20, what: String, hint: String) throws -> JSONObject {
        let size = try FileInfo.size(of: path)
        guard size <= maxBytes else {
            throw FTError(.invalidData, what: path, why: "\(size) bytes is too big for \(what)", hint: hint)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FTError(.fileMissing, what: "read \(path)", why: "not readable", hint: "Check the path.")
        }
        func notMapping() -> FTError { FTError(.invalidData, what: path, why: "\(what) must be a mapping", hint: hint) }
        if let json = JSONValue.parse(data) {
            guard let o = json.object else { throw notMapping() }
            return o
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FTError(.invalidData, what: path, why: "not UTF-8 text", hint: "Save it as UTF-8 YAML or JSON.")
        }
        let value: JSONValue?
        do {
            value = try YAMLJSON.parse(text)
        } catch {
            let first = "\(error)".split(whereSeparator: \.isNewline).first.map(String.init) ?? "parse error"
            throw FTError(.invalidData, what: path, why: "not valid YAML or JSON (\(first))", hint: hint)
        }
        guard let o = value?.object else { throw notMapping() }
        return o
    }
}
