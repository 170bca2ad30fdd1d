import FTCore

/// What `--dry-run` prints: the exact request, with every secret masked.
enum DryRun {
    static func describe(_ request: HTTPRequest, redactor: Redactor) -> String {
        var lines = ["\(request.method) \(redactor.redact(request.url))"]
        for (n, v) in redactor.redact(headers: request.headers) { lines.append("\(n): \(v)") }
        lines.append("")
        if let data = request.body.inMemoryData, !data.isEmpty {
            if let json = JSONValue.parse(data) {
                lines.append(redactor.redact(json: json).serialized(pretty: true))
            } else {
                lines.append(redactor.redact(String(decoding: data, as: UTF8.self)))
            }
        } else if request.body.contentLength > 0 {
            lines.append("[\(request.body.contentLength) bytes, streamed from disk]")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
