import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An OpenAI-shaped base URL, `/hostile/<kind>/v1`, whose every answer is hostile in one way.
public enum HostileRoutes {
    public static let kinds = ["html-502", "html-200", "deep", "huge", "wrong-types", "unknown-enum", "not-json", "echo-auth"]

    static func register(on router: Router<BasicRequestContext>) {
        router.get("/hostile/:kind/v1/fine_tuning/jobs/:id") { request, context -> Response in
            answer(context.parameters.get("kind") ?? "", request)
        }
        router.get("/hostile/:kind/v1/fine_tuning/jobs") { request, context -> Response in
            answer(context.parameters.get("kind") ?? "", request)
        }
    }

    static func answer(_ kind: String, _ request: Request) -> Response {
        func body(_ status: HTTPResponse.Status, _ type: String, _ text: String) -> Response {
            Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        switch kind {
        case "html-502":
            return body(.badGateway, "text/html", "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>")
        case "html-200":
            return body(.ok, "text/html; charset=utf-8", "<!DOCTYPE html>\n<html><body>Sign in to continue</body></html>")
        case "deep":
            return body(.ok, "application/json", String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
        case "huge":
            // 3 MiB of a valid JSON string: over a small cap, a test sets the transport's.
            return body(.ok, "application/json", "{\"id\":\"" + String(repeating: "x", count: 3 << 20) + "\"}")
        case "wrong-types":
            return body(.ok, "application/json", #"{"id":42,"status":["running"],"created_at":"yesterday","hyperparameters":"lots","metadata":7,"object":"list","data":"none","has_more":"maybe"}"#)
        case "unknown-enum":
            return body(.ok, "application/json", #"{"id":"ftjob-1","status":"levitating","model":"m","created_at":1721764800}"#)
        case "echo-auth":
            // A broken gateway that echoes the request's credentials in its error page.
            let auth = request.headers[.authorization] ?? ""
            return body(.badRequest, "application/json", #"{"error":{"message":"bad header \#(auth)"}}"#)
        default:
            return body(.ok, "application/json", "this is not json")
        }
    }
}
