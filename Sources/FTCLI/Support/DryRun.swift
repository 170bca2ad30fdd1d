import FineTuning
import Foundation

/// What `--dry-run` prints: the exact request, with every secret masked. As text, the request as
/// it goes on the wire, with the plan's files and estimate told on stderr; with -o json or yaml,
/// `{request: {method, url, headers, body}, files: [...], estimate}`.
enum DryRun {
    static func describe(_ request: HTTPRequest, redactor: Redactor) -> String {
        var lines = ["\(request.method) \(redactor.redact(request.url))"]
        for (n, v) in redactor.redact(headers: request.headers) { lines.append("\(n): \(v)") }
        lines.append("")
        if let body = redactor.show(body: request.body, pretty: true) { lines.append(body) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func describe(_ plan: SubmissionPlan, format: OutputFormat, context: CLIContext) -> String {
        let redactor = context.secrets.redactor
        switch format {
        case .json, .yaml:
            let json = Self.json(plan, redactor: redactor)
            return format == .json ? json.serialized(pretty: true) + "\n" : Renderer.yaml(json)
        default:
            for file in plan.files { context.err(SubmissionText.fileLine(file)) }
            context.err(SubmissionText.estimateLine(plan))
            return describe(plan.request, redactor: redactor)
        }
    }

    static func json(_ plan: SubmissionPlan, redactor: Redactor) -> JSONValue {
        let r = plan.request
        let headers = JSONObject(redactor.redact(headers: r.headers).map { ($0, JSONValue.string($1)) })
        let body: JSONValue = r.body.inMemoryData.flatMap { JSONValue.parse($0) }.map(redactor.redact(json:)) ?? .null
        let files: [JSONValue] = plan.files.map { f in
            .object(JSONObject([
                ("field", .string(f.field.name)), ("path", .string(f.path)), ("bytes", .int(f.prepared.bytes)),
                ("sha256", f.prepared.sha256.map(JSONValue.string) ?? .null),
                ("action", .string(f.willUpload ? "upload" : "reuse")),
                ("file_id", f.cachedID.map(JSONValue.string) ?? .null), ("placeholder", f.willUpload ? .string(f.placeholder) : .null),
                ("examples", f.prepared.validation.map { .int(Int64($0.examples)) } ?? .null),
                ("errors", f.prepared.validation.map { .int(Int64($0.errorCount)) } ?? .null),
            ]))
        }
        var estimate: JSONValue = .null
        if let e = plan.estimate, let c = e.cost {
            estimate = .object(JSONObject([
                ("billed_tokens", .int(Int64(e.billedTokens))), ("epochs", .int(Int64(e.epochs))),
                ("cost", .object(JSONObject([("amount", .double(NSDecimalNumber(decimal: c.amount).doubleValue)),
                                             ("currency", .string(c.currency)), ("basis", .string(c.basis.rawValue))]))),
            ]))
        }
        return .object(JSONObject([
            ("request", .object(JSONObject([("method", .string(r.method.rawValue)), ("url", .string(redactor.redact(r.url))),
                                            ("headers", .object(headers)), ("body", body)]))),
            ("request_id", .string(plan.requestID)),
            ("files", .array(files)),
            ("estimate", estimate),
            ("estimate_problem", plan.estimateProblem.map(JSONValue.string) ?? .null),
            ("provider_estimate", plan.providerEstimate.map { p in
                .object(JSONObject([("amount", p.amount.map { .double(NSDecimalNumber(decimal: $0).doubleValue) } ?? .null),
                                    ("currency", .string(p.currency ?? "USD"))]))
            } ?? .null),
        ]))
    }
}
