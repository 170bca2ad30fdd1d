import FTCore
import Foundation
import HTTPTypes
import Hummingbird

/// `/v1/files` through Portkey's gateway to bedrock, fireworks-ai and vertex-ai, as the gateway's
/// file handlers answer (Portkey-AI/gateway 669825cb, src/handlers/filesHandler.ts and the files
/// named below). Bedrock's and Vertex's objects live in buckets the sandbox does not have: any
/// `s3://sandbox-bucket/…` or `gs://sandbox-bucket/…` object is taken to exist, 1234 bytes, written
/// an hour ago; any other bucket has nothing.
extension PortkeyGateway {
    func files(_ request: Request, _ upstream: GatewayUpstream) async throws -> Response {
        let parts = request.uri.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let id = parts.count > 2 ? parts[2] : nil
        switch (request.method, id) {
        case (.post, nil): return try await upload(request, upstream)
        case (.get, nil): return await listFiles(request, upstream)
        case (.get, let id?): return await file(id, request, upstream)
        default: return Reply.portkeyError(.internalServerError, "\(request.method) is not supported by \(upstream.rawValue)")
        }
    }

    /// An hour before now: the pretend objects were written then.
    static var lastModified: Date { Date().addingTimeInterval(-3600) }

    /// An object in the sandbox's pretend bucket: its URI (decoded), or nil.
    static func bucketObject(_ id: String, scheme: String) -> String? {
        let uri = id.removingPercentEncoding ?? id
        return uri.hasPrefix(scheme + "sandbox-bucket/") && uri.count > scheme.count + 15 ? uri : nil
    }

    func upload(_ request: Request, _ upstream: GatewayUpstream) async throws -> Response {
        switch upstream {
        case .bedrock:
            // bedrock/uploadFile.ts: the bucket and the model come from headers, or 400.
            guard Reply.header(request, "x-portkey-aws-s3-bucket") != nil,
                  Reply.header(request, "x-portkey-aws-bedrock-model") ?? Reply.header(request, "x-portkey-provider-model") != nil else {
                return Reply.portkeyError(.badRequest, "Please make sure you have x-portkey-aws-s3-bucket and x-portkey-aws-bedrock-model headers provided.")
            }
            // With them the upload would go to S3, which the sandbox does not have.
            return Reply.portkeyError(.internalServerError, "Something went wrong")
        case .vertex:
            // google-vertex-ai/uploadFile.ts through GoogleResponseHandler.
            return Reply.json(.object(JSONObject([
                ("success", false),
                ("error", "Invalid request, please provide `x-portkey-provider-model` and `x-portkey-vertex-storage-bucket-name` in the request headers"),
                ("param", .null), ("provider", "vertex-ai"),
            ])), status: .badRequest)
        case .fireworks:
            // fireworks-ai/uploadFile.ts: a dataset is made, its lines uploaded, and this answered
            // (`create_at` as written there, in ms; no `object`).
            guard Reply.header(request, "x-portkey-fireworks-account-id") != nil else {
                return Reply.portkeyError(.internalServerError, "Something went wrong")
            }
            guard let form = try await ReceivedForm.read(request), let part = form.files["file"] else {
                return Reply.portkeyError(.badRequest, "Invalid request")
            }
            let stored = await store.addFile(filename: part.filename, purpose: "fine-tune", content: part.data)
            return Reply.json(.object(JSONObject([
                ("id", .string(stored.id)), ("bytes", .int(Int64(stored.bytes))), ("create_at", GatewayUpstream.ms(stored.createdAt)),
                ("filename", .string("\(stored.id).jsonl")), ("status", "processed"), ("purpose", "fine-tune"),
            ])))
        }
    }

    /// fireworks-ai/utils.ts fireworksDatasetToOpenAIFile.
    static func dataset(_ f: StoredFile, account: String) -> JSONValue {
        .object(JSONObject([
            ("id", .string(f.id)), ("filename", .string("\(f.id).jsonl")), ("purpose", "fine-tune"), ("organisation_id", .string(account)),
            ("status", "processed"), ("created_at", GatewayUpstream.ms(f.createdAt)), ("object", "file"),
        ]))
    }

    func listFiles(_ request: Request, _ upstream: GatewayUpstream) async -> Response {
        switch upstream {
        case .bedrock:
            // bedrock/api.ts getEndpoint throws GatewayError('Model is required') for a call with no model.
            return Reply.json(.object(JSONObject([("status", "failure"), ("message", "Model is required")])), status: .internalServerError,
                              headers: [HTTPField.Name("x-portkey-gateway-exception")!: "true"])
        case .vertex:
            // google-vertex-ai/listFiles.ts.
            return Reply.json(.object(JSONObject([("message", "listFiles is not supported by Google Vertex AI"), ("status", "failure"),
                                                  ("provider", "vertex-ai")])), status: .internalServerError)
        case .fireworks:
            // fireworks-ai/listFiles.ts: GET /datasets with no page parameters; Fireworks' own
            // page (50 here) and `has_more` from totalSize.
            let account = Reply.header(request, "x-portkey-fireworks-account-id") ?? "undefined"
            let all = await store.listFiles()
            let page = all.prefix(50).map { Self.dataset($0, account: account) }
            return Reply.json(.object(JSONObject([
                ("object", "list"), ("data", .array(Array(page))), ("last_id", page.last?["id"] ?? .null),
                ("has_more", .bool(all.count > page.count)), ("total", .int(Int64(all.count))),
            ])))
        }
    }

    func file(_ id: String, _ request: Request, _ upstream: GatewayUpstream) async -> Response {
        switch upstream {
        case .bedrock:
            // bedrock/retrieveFile.ts: an S3 HEAD-like read; `bytes` a string, `createdAt` in seconds.
            guard let uri = Self.bucketObject(id, scheme: "s3://") else {
                return Reply.json(.object(JSONObject([("type", "provider_error"), ("code", .int(404)), ("param", .null),
                                                      ("message", "bedrock error: NoSuchKey"), ("provider", "bedrock")])),
                                  status: .internalServerError)
            }
            return Reply.json(.object(JSONObject([
                ("object", "file"), ("id", .string(id)), ("purpose", ""), ("filename", .string(uri)), ("bytes", "1234"),
                ("createdAt", .int(Int64(Self.lastModified.timeIntervalSince1970))), ("status", "processed"), ("status_details", .null),
            ])))
        case .vertex:
            // google-vertex-ai/retrieveFile.ts: a HEAD on the object; times in ms (getTime()).
            guard let uri = Self.bucketObject(id, scheme: "gs://") else {
                return Reply.portkeyError(.internalServerError, "File not found")
            }
            return Reply.json(.object(JSONObject([
                ("bytes", .int(1234)), ("updatedAt", GatewayUpstream.ms(Self.lastModified)), ("createdAt", GatewayUpstream.ms(Self.lastModified)),
                ("id", .string(id)), ("filename", .string(String(uri.split(separator: "/").last ?? ""))), ("purpose", .null),
                ("status", "processed"),
            ])))
        case .fireworks:
            // fireworks-ai/retrieveFile.ts: the dataset mapped; an error passed on as it came.
            guard let f = await store.file(id) else { return Reply.json(.object(JSONObject()), status: .notFound) }
            return Reply.json(Self.dataset(f, account: Reply.header(request, "x-portkey-fireworks-account-id") ?? "undefined"))
        }
    }
}
