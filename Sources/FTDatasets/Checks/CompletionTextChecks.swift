import FTCore
/// Prompt/completion examples `{"prompt": "...", "completion": "..."}` and text examples
/// `{"text": "..."}`.
extension ChunkChecker {
    func checkCompletion(_ doc: JSONLine) -> Counted? {
        var prompt: Int?, completion: Int?
        for (k, v) in doc.members(0) {
            if doc.equals(k, Keys.prompt) { prompt = v }
            else if doc.equals(k, Keys.completion) { completion = v }
            else {
                report(.unknownKey, "unknown key \(doc.shown(k)) in a prompt/completion example; remove it (these examples take prompt and completion)")
            }
        }
        let p = requireString(doc, prompt, "prompt")
        let c = requireString(doc, completion, "completion")
        guard let counter = config.counter, let p, let c else { return nil }
        let tokens = counter.count(doc.string(p)) + counter.count(doc.string(c))
        return Counted(total: tokens, content: tokens, messages: 0)
    }

    func checkText(_ doc: JSONLine) -> Counted? {
        var text: Int?
        for (k, v) in doc.members(0) {
            if doc.equals(k, Keys.text) { text = v }
            else {
                report(.unknownKey, "unknown key \(doc.shown(k)) in a text example; remove it (text examples take text)")
            }
        }
        guard let t = requireString(doc, text, "text"), let counter = config.counter else { return nil }
        let tokens = counter.count(doc.string(t))
        return Counted(total: tokens, content: tokens, messages: 0)
    }

    /// A required string field; reports it missing or of the wrong type.
    func requireString(_ doc: JSONLine, _ node: Int?, _ field: String) -> Int? {
        guard let node else {
            report(.missingField, "no \"\(field)\"; add \"\(field)\": \"...\"")
            return nil
        }
        guard doc.kind(node) == .string else {
            report(.invalidFieldType, "\"\(field)\" is a \(doc.typeName(node)), not a string; make it a string")
            return nil
        }
        return node
    }
}
