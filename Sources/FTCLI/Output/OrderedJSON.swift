import FineTuning

/// Puts an object's keys in a contract's order (a JSON round trip through Foundation sorts them),
/// then any others in the order they came, at every depth.
enum OrderedJSON {
    static func reorder(_ v: JSONValue, _ order: [String]) -> JSONValue {
        switch v {
        case .object(let o):
            let known = order.compactMap { k in o[k].map { (k, reorder($0, order)) } }
            let rest = o.filter { !order.contains($0.key) }.map { ($0.key, reorder($0.value, order)) }
            return .object(JSONObject(known + rest))
        case .array(let a): return .array(a.map { reorder($0, order) })
        default: return v
        }
    }
}
