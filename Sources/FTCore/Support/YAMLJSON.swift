
import Yams

/// Reads YAML into the same JSON model the rest of ftctl uses.
public enum YAMLJSON {
    public static func parse(_ text: String) throws -> JSONValue? {
        try Yams.compose(yaml: text).map(convert)
    }

    public static func convert(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let s):
            if node.tag == Tag(.null) || s.string == "~" { return .null }
            if let b = node.bool, node.tag != Tag(.str), s.style == .plain { return .bool(b) }
            if s.style == .plain, node.tag != Tag(.str) {
                if let i = Int64(s.string) { return .int(i) }
                if let d = Double(s.string) { return .double(d) }
            }
            return .string(s.string)
        case .mapping(let m):
            var o = JSONObject()
            for (k, v) in m { o[k.string ?? ""] = convert(v) }
            return .object(o)
        case .sequence(let seq):
            return .array(seq.map(convert))
        case .alias:
            return .null
        }
    }
}
