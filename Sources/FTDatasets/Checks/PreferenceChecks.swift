import FTCore
/// Preference (DPO) examples, as OpenAI documents them:
/// `{"input": {"messages": [...], "tools"?, "parallel_tool_calls"?},
///   "preferred_output": [{"role": "assistant", ...}], "non_preferred_output": [{"role": "assistant", ...}]}`.
/// The last input message must not be the assistant's (the outputs are its reply), and each output
/// is exactly one assistant message.
///
/// Tokens: the longer of the two sequences (input + preferred, input + non-preferred), counted as a
/// chat example; that is what must fit in the context.
extension ChunkChecker {
    func checkPreference(_ doc: JSONLine) -> Counted? {
        var input: Int?, preferred: Int?, nonPreferred: Int?
        for (k, v) in doc.members(0) {
            if doc.equals(k, Keys.input) { input = v }
            else if doc.equals(k, Keys.preferredOutput) { preferred = v }
            else if doc.equals(k, Keys.nonPreferredOutput) { nonPreferred = v }
            else {
                report(.unknownKey, "unknown key \(doc.shown(k)) in a preference example; remove it (these examples take input, preferred_output, non_preferred_output)")
            }
        }
        var inputInfo: MessagesInfo?
        if let input {
            if doc.kind(input) == .object {
                inputInfo = checkPreferenceInput(doc, input)
            } else {
                report(.invalidFieldType, "\"input\" is a \(doc.typeName(input)), not an object; write \"input\": {\"messages\": [...]}")
            }
        } else {
            report(.missingField, "no \"input\"; add \"input\": {\"messages\": [...]} ending with the user's turn")
        }
        let good = checkOutput(doc, preferred, "preferred_output")
        let bad = checkOutput(doc, nonPreferred, "non_preferred_output")
        guard let counter = config.counter, let inputInfo, let good, let bad else { return nil }
        let a = counter.chatCounts(inputInfo.messages + good.messages)
        let b = counter.chatCounts(inputInfo.messages + bad.messages)
        let longer = a.total >= b.total ? a : b
        return Counted(total: longer.total, content: longer.content, messages: inputInfo.count + 2)
    }

    private func checkPreferenceInput(_ doc: JSONLine, _ input: Int) -> MessagesInfo? {
        var messages: Int?, tools: Int?, parallel: Int?
        for (k, v) in doc.members(input) {
            if doc.equals(k, Keys.messages) { messages = v }
            else if doc.equals(k, Keys.tools) { tools = v }
            else if doc.equals(k, Keys.parallelToolCalls) { parallel = v }
            else {
                report(.unknownKey, "unknown key \(doc.shown(k)) in \"input\"; remove it (input takes messages, tools, parallel_tool_calls)")
            }
        }
        checkTools(doc, tools: tools, parallel: parallel, at: "input.")
        guard let messages else {
            report(.missingMessages, "\"input\" has no \"messages\"; add \"messages\": [...] ending with the user's turn")
            return nil
        }
        guard doc.kind(messages) == .array else {
            report(.missingMessages, "\"input.messages\" is a \(doc.typeName(messages)), not an array; make it an array of message objects")
            return nil
        }
        let info = checkMessages(doc, messages, label: "input message")
        if info.count == 0 {
            report(.emptyMessages, "\"input.messages\" is empty; add the conversation up to the user's turn")
            return nil
        }
        if info.lastIsAssistant {
            report(.lastInputAssistant, "the last input message is the assistant's; end input with the user's turn (the outputs are the assistant's reply)")
        }
        return info
    }

    private func checkOutput(_ doc: JSONLine, _ node: Int?, _ field: String) -> MessagesInfo? {
        guard let node else {
            report(.missingField, "no \"\(field)\"; add \"\(field)\": [{\"role\": \"assistant\", \"content\": \"...\"}]")
            return nil
        }
        guard doc.kind(node) == .array else {
            report(.invalidFieldType, "\"\(field)\" is a \(doc.typeName(node)), not an array; write [{\"role\": \"assistant\", \"content\": \"...\"}]")
            return nil
        }
        let info = checkMessages(doc, node, label: "\(field) message")
        guard info.count == 1, info.hasAssistant else {
            let what = info.count == 1 ? "a message that is not the assistant's" : "\(info.count) messages"
            report(.invalidPreferenceOutput, "\"\(field)\" has \(what); it must be exactly one assistant message")
            return nil
        }
        return info
    }
}
