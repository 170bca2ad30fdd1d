import FTCore
/// Chat examples: `{"messages": [...], "tools"?, "parallel_tool_calls"?}`, and the message checks
/// shared with preference examples.
extension ChunkChecker {
    /// What the message checks learnt about one `messages` array.
    struct MessagesInfo {
        var count = 0
        var hasAssistant = false
        var lastIsAssistant = false
        var lastRole: Int?
        /// Filled only when tokens are counted.
        var messages: [ChatMessage] = []
    }

    func checkChat(_ doc: JSONLine) -> Counted? {
        var messagesNode: Int?, toolsNode: Int?, parallelNode: Int?
        for (k, v) in doc.members(0) {
            if doc.equals(k, Keys.messages) { messagesNode = v }
            else if doc.equals(k, Keys.tools) { toolsNode = v }
            else if doc.equals(k, Keys.parallelToolCalls) { parallelNode = v }
            else if doc.equals(k, Keys.functions) { continue }  // the deprecated form of tools
            else {
                report(.unknownKey, "unknown key \(doc.shown(k)) in a chat example; remove it (chat examples take messages, tools, parallel_tool_calls)")
            }
        }
        checkTools(doc, tools: toolsNode, parallel: parallelNode, at: "")
        guard let messagesNode else {
            report(.missingMessages, "no \"messages\" key; add \"messages\": [{\"role\": \"user\", \"content\": \"...\"}, {\"role\": \"assistant\", \"content\": \"...\"}]")
            return nil
        }
        guard doc.kind(messagesNode) == .array else {
            report(.missingMessages, "\"messages\" is a \(doc.typeName(messagesNode)), not an array; make it an array of message objects")
            return nil
        }
        let info = checkMessages(doc, messagesNode, label: "message")
        if info.count == 0 {
            report(.emptyMessages, "\"messages\" is empty; add the conversation's messages, ending with the assistant's")
            return nil
        }
        if !info.hasAssistant {
            report(.noAssistantMessage, "no assistant message; add at least one {\"role\": \"assistant\", \"content\": \"...\"} to learn from")
        } else if !info.lastIsAssistant {
            let role = info.lastRole.map { doc.shown($0) } ?? "no role"
            report(.lastNotAssistant, "the last message is from \(role), not the assistant; end the example with the assistant's reply (messages after it are not trained on)")
        }
        guard let counter = config.counter else { return nil }
        let counts = counter.chatCounts(info.messages)
        return Counted(total: counts.total, content: counts.content, messages: info.count)
    }

    /// `tools` (an array of `{"type": "function", "function": {"name": ...}}`) and
    /// `parallel_tool_calls` (a boolean).
    func checkTools(_ doc: JSONLine, tools: Int?, parallel: Int?, at prefix: String) {
        if (tools != nil || parallel != nil), !config.rules.acceptsTools {
            report(.unsupportedByProvider, "\(config.rules.id) does not accept tools; remove \(prefix)tools and \(prefix)parallel_tool_calls")
        }
        if let tools {
            if doc.kind(tools) != .array {
                report(.invalidTools, "\(prefix)\"tools\" is a \(doc.typeName(tools)), not an array; make it an array of {\"type\": \"function\", \"function\": {...}}")
            } else {
                for (i, tool) in doc.elements(tools).enumerated() {
                    var ok = doc.kind(tool) == .object
                    if ok {
                        let type = doc.member(tool, Keys.type)
                        let function = doc.member(tool, Keys.function)
                        ok = type.map { doc.equals($0, Keys.function) } ?? false
                        if ok, let function, doc.kind(function) == .object,
                           let name = doc.member(function, Keys.name), doc.kind(name) == .string {
                            ok = true
                        } else {
                            ok = false
                        }
                    }
                    if !ok {
                        report(.invalidTools, "\(prefix)tool \(i + 1) is not {\"type\": \"function\", \"function\": {\"name\": \"...\", ...}}; fix its definition")
                        break
                    }
                }
            }
        }
        if let parallel, doc.kind(parallel) != .trueValue, doc.kind(parallel) != .falseValue {
            report(.invalidTools, "\(prefix)\"parallel_tool_calls\" is a \(doc.typeName(parallel)), not a boolean; write true or false")
        }
    }

    /// Checks every message of a `messages` array. `label` names a message in problems
    /// ("message 3", "input message 2", "preferred_output message 1").
    func checkMessages(_ doc: JSONLine, _ array: Int, label: String) -> MessagesInfo {
        var info = MessagesInfo()
        let counting = config.counter != nil
        for element in doc.elements(array) {
            info.count += 1
            let n = info.count
            guard doc.kind(element) == .object else {
                report(.messageNotObject, "\(label) \(n) is a \(doc.typeName(element)), not an object; write {\"role\": \"...\", \"content\": \"...\"}")
                info.lastIsAssistant = false
                info.lastRole = nil
                continue
            }
            var role: Int?, content: Int?, name: Int?, weight: Int?, toolCalls: Int?, toolCallID: Int?, functionCall: Int?
            for (k, v) in doc.members(element) {
                if doc.equals(k, Keys.role) { role = v }
                else if doc.equals(k, Keys.content) { content = v }
                else if doc.equals(k, Keys.name) { name = v }
                else if doc.equals(k, Keys.weight) { weight = v }
                else if doc.equals(k, Keys.toolCalls) { toolCalls = v }
                else if doc.equals(k, Keys.toolCallID) { toolCallID = v }
                else if doc.equals(k, Keys.functionCall) { functionCall = v }
                else {
                    report(.unknownMessageKey, "\(label) \(n) has unknown key \(doc.shown(k)); remove it (messages take role, content, name, weight, tool_calls, tool_call_id)")
                }
            }

            // Role.
            var isAssistant = false, isTool = false
            if let role, doc.kind(role) == .string {
                if let k = doc.match(role, in: config.roleLiterals) {
                    isAssistant = config.roleLiterals[k].isAssistant
                    isTool = config.roleLiterals[k].isTool
                    if config.roleLiterals[k].isDeprecated {
                        report(.deprecatedRole, "\(label) \(n) uses the deprecated role \"\(config.roleNames[k])\"; use \"tool\" with tool_call_id")
                    }
                } else {
                    report(.unknownRole, "\(label) \(n) has role \(doc.shown(role)); use one of \(config.roleList)")
                }
            } else if let role {
                report(.missingRole, "\(label) \(n)'s role is a \(doc.typeName(role)), not a string; use one of \(config.roleList)")
            } else {
                report(.missingRole, "\(label) \(n) has no \"role\"; add one of \(config.roleList)")
            }
            if isAssistant { info.hasAssistant = true }
            info.lastIsAssistant = isAssistant
            info.lastRole = role

            // Tool calls (assistant only) and the deprecated function_call.
            var callsText = ""
            var hasCalls = false
            if let toolCalls, doc.kind(toolCalls) != .null {
                hasCalls = true
                if !config.rules.acceptsTools {
                    report(.unsupportedByProvider, "\(config.rules.id) does not accept tool calls; remove \(label) \(n)'s tool_calls")
                }
                if !isAssistant {
                    report(.invalidToolCalls, "\(label) \(n) has tool_calls but is not the assistant's; only assistant messages make tool calls")
                }
                if let text = checkToolCalls(doc, toolCalls, label: "\(label) \(n)", collect: counting) {
                    callsText = text
                }
            }
            if let functionCall, doc.kind(functionCall) != .null {
                hasCalls = true
                if doc.kind(functionCall) != .object || doc.member(functionCall, Keys.name).map({ doc.kind($0) != .string }) ?? true {
                    report(.invalidToolCalls, "\(label) \(n)'s function_call is not {\"name\": \"...\", \"arguments\": \"...\"}; fix it")
                } else if counting {
                    callsText += functionText(doc, functionCall)
                }
            }
            if isTool {
                if toolCallID.map({ doc.kind($0) != .string }) ?? true {
                    report(.missingToolCallID, "\(label) \(n) is a tool result without a string \"tool_call_id\"; add the id of the assistant's tool call it answers")
                }
            }

            // Content.
            var text = ""
            if let content, doc.kind(content) != .null {
                switch doc.kind(content) {
                case .string:
                    if counting { text = doc.string(content) }
                case .array:
                    var parts = 0
                    var bad: Int?
                    for part in doc.elements(content) {
                        parts += 1
                        guard doc.kind(part) == .object,
                              let type = doc.member(part, Keys.type), doc.equals(type, Keys.text),
                              let partText = doc.member(part, Keys.text), doc.kind(partText) == .string else {
                            bad = parts
                            break
                        }
                        if counting { text += doc.string(partText) }
                    }
                    if let bad {
                        report(.invalidContentType, "\(label) \(n)'s content part \(bad) is not {\"type\": \"text\", \"text\": \"...\"}; only text parts are accepted")
                    } else if parts == 0, !(isAssistant && hasCalls) {
                        report(.missingContent, "\(label) \(n)'s content is an empty array; give it text")
                    }
                default:
                    report(.invalidContentType, "\(label) \(n)'s content is a \(doc.typeName(content)); make it a string or an array of {\"type\": \"text\", \"text\": ...} parts")
                }
            } else if !(isAssistant && hasCalls) {
                let what = content == nil ? "has no \"content\"" : "has null content"
                report(.missingContent, "\(label) \(n) \(what); add \"content\": \"...\" (only an assistant's tool call may go without)")
            }

            // Name and weight.
            var nameText: String?
            if let name {
                if doc.kind(name) == .string {
                    if counting { nameText = doc.string(name) }
                } else {
                    report(.invalidName, "\(label) \(n)'s name is a \(doc.typeName(name)), not a string; make it a string or remove it")
                }
            }
            if let weight {
                if !config.rules.acceptsWeight {
                    report(.unsupportedByProvider, "\(config.rules.id) does not accept per-message weight; remove \(label) \(n)'s weight")
                } else if !isAssistant {
                    report(.invalidWeight, "\(label) \(n) has a weight but is not the assistant's; weight applies to assistant messages only")
                } else if let value = doc.number(weight), value == 0 || value == 1 {
                    // fine
                } else {
                    report(.invalidWeight, "\(label) \(n)'s weight is \(doc.shown(weight)); it must be 0 or 1")
                }
            }

            if counting {
                let roleText = role.map { doc.kind($0) == .string ? doc.string($0) : "" } ?? ""
                info.messages.append(ChatMessage(role: roleText, content: callsText.isEmpty ? text : text + callsText, name: nameText))
            }
        }
        return info
    }

    /// Checks `tool_calls`: an array of `{"id", "type": "function", "function": {"name", "arguments"}}`.
    /// Returns the calls' names and arguments as text (for counting), nil when malformed.
    private func checkToolCalls(_ doc: JSONLine, _ calls: Int, label: String, collect: Bool) -> String? {
        guard doc.kind(calls) == .array else {
            report(.invalidToolCalls, "\(label)'s tool_calls is a \(doc.typeName(calls)), not an array; make it an array of tool calls")
            return nil
        }
        var text = ""
        var count = 0
        for call in doc.elements(calls) {
            count += 1
            var ok = doc.kind(call) == .object
            var function: Int?
            if ok {
                let id = doc.member(call, Keys.id)
                let type = doc.member(call, Keys.type)
                function = doc.member(call, Keys.function)
                ok = id.map { doc.kind($0) == .string } ?? false
                    && type.map { doc.equals($0, Keys.function) } ?? false
                if ok, let f = function, doc.kind(f) == .object,
                   let name = doc.member(f, Keys.name), doc.kind(name) == .string,
                   let arguments = doc.member(f, Keys.arguments), doc.kind(arguments) == .string {
                    if collect { text += functionText(doc, f) }
                } else {
                    ok = false
                }
            }
            if !ok {
                report(.invalidToolCalls, "\(label)'s tool call \(count) is not {\"id\": \"...\", \"type\": \"function\", \"function\": {\"name\": \"...\", \"arguments\": \"...\"}}; fix it")
                return nil
            }
        }
        if count == 0 {
            report(.invalidToolCalls, "\(label)'s tool_calls is empty; remove it or add the calls")
            return nil
        }
        return text
    }

    /// A function call's name and arguments, as counted tokens see them.
    private func functionText(_ doc: JSONLine, _ function: Int) -> String {
        var text = ""
        if let name = doc.member(function, Keys.name), doc.kind(name) == .string { text += doc.string(name) }
        if let arguments = doc.member(function, Keys.arguments), doc.kind(arguments) == .string { text += doc.string(arguments) }
        return text
    }
}
