import FTCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Building responses in each surface's shapes.
enum Reply {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var h = headers
        h[.contentType] = "application/json"
        h[HTTPField.Name("x-request-id")!] = "req_sandbox_" + String(UInt32.random(in: .min ... .max), radix: 16)
        return Response(status: status, headers: h, body: .init(byteBuffer: ByteBuffer(string: value.serialized())))
    }

    /// OpenAI's `{"error":{message,type,param,code}}`.
    static func openAIError(_ status: HTTPResponse.Status, _ message: String, type: String = "invalid_request_error",
                            param: String? = nil, code: String? = nil) -> Response {
        json(.object(JSONObject([("error", .object(JSONObject([
            ("message", .string(message)), ("type", .string(type)), ("param", JSONValue(param)), ("code", JSONValue(code)),
        ])))])), status: status)
    }

    /// Nebius (FastAPI) validation errors: 422 `{"detail":[{type, loc, msg, input, ctx}]}`.
    static func fastAPIErrors(_ items: [JSONValue]) -> Response {
        json(.object(JSONObject([("detail", .array(items))])), status: .unprocessableContent)
    }

    /// Portkey's own errors: `{"status":"failure","message":...}`.
    static func portkeyError(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(.object(JSONObject([("status", "failure"), ("message", .string(message))])), status: status)
    }

    /// The platform API's `{"success":false,"error":{code,message}}`.
    static func platformError(_ status: HTTPResponse.Status, _ code: String, _ message: String) -> Response {
        json(.object(JSONObject([("success", false), ("error", .object(JSONObject([("code", .string(code)), ("message", .string(message))])))])),
             status: status)
    }

    static func query(_ request: Request, _ name: String) -> String? {
        request.uri.queryParameters[Substring(name)].map(String.init)
    }

    static func bodyJSON(_ request: Request) async throws -> JSONValue? {
        var r = request
        let buffer = try await r.collectBody(upTo: 16 << 20)
        return JSONValue.parse(Data(buffer: buffer))
    }

    static func header(_ request: Request, _ name: String) -> String? {
        HTTPField.Name(name).flatMap { request.headers[$0] }
    }
}
