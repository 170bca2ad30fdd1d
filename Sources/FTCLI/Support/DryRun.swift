import FineTuning

/// What `--dry-run` prints: the exact request, with every secret masked.
enum DryRun {
    static func describe(_ request: HTTPRequest, redactor: Redactor) -> String {
        var lines = ["\(request.method) \(redactor.redact(request.url))"]
        for (n, v) in redactor.redact(headers: request.headers) { lines.append("\(n): \(v)") }
        lines.append("")
        if let body = redactor.show(body: request.body, pretty: true) { lines.append(body) }
        return lines.joined(separator: "\n") + "\n"
    }
}
