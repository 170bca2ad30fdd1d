import FTCore
import FTCurl
import FTTestSupport
import Foundation
import Testing

@Suite("libcurl transport against a real server on 127.0.0.1")
struct CurlTransportTests {
    let transport = CurlTransport(options: .init(timeout: 20, connectTimeout: 5))

    func withServer<T>(_ body: (TestServer) async throws -> T) async throws -> T {
        let server = try await TestServer.start(EchoRoutes.router())
        defer { server.stop() }
        return try await body(server)
    }

    @Test func getSendsHeadersAndReadsJSON() async throws {
        try await withServer { server in
            var req = FTCore.HTTPRequest(method: .get, url: server.baseURL + "/echo?a=1&b=two")
            req.headers["X-Team"] = "ml"
            let res = try await transport.send(req)
            #expect(res.status == 200)
            let json = try #require(res.json)
            #expect(json["method"]?.string == "GET")
            #expect(json["query"]?.string == "a=1&b=two")
            #expect(json["headers"]?["x-team"]?.string == "ml")
        }
    }

    @Test func postSendsJSONBody() async throws {
        try await withServer { server in
            var req = FTCore.HTTPRequest(method: .post, url: server.baseURL + "/echo", body: .json(["model": "m", "n": 3]))
            req.headers["Content-Type"] = "application/json"
            let res = try await transport.send(req)
            let json = try #require(res.json)
            #expect(json["method"]?.string == "POST")
            #expect(json["headers"]?["content-type"]?.string == "application/json")
            #expect(JSONValue.parse(Data((json["body"]?.string ?? "").utf8)) == ["model": "m", "n": 3])
            // No 100-continue round trip is asked for.
            #expect(json["headers"]?["expect"] == nil)
        }
    }

    @Test func otherMethodsCarryTheirName() async throws {
        try await withServer { server in
            let put = try await transport.send(FTCore.HTTPRequest(method: .put, url: server.baseURL + "/echo", body: .data(Data("x".utf8))))
            #expect(put.json?["method"]?.string == "PUT")
            #expect(put.json?["body"]?.string == "x")
            let del = try await transport.send(FTCore.HTTPRequest(method: .delete, url: server.baseURL + "/echo"))
            #expect(del.json?["method"]?.string == "DELETE")
        }
    }

    @Test func multipartBodyStreamsFileParts() async throws {
        try await withServer { server in
            let path = NSTemporaryDirectory() + "ftctl-mp-\(UUID().uuidString).jsonl"
            try Data(#"{"messages":[]}"#.utf8 + [10]).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            var form = MultipartForm(boundary: "BOUNDARY123")
            form.addField("purpose", "fine-tune")
            try form.addFile("file", path: path, filename: "train.jsonl", contentType: "application/jsonl")
            var req = FTCore.HTTPRequest(method: .post, url: server.baseURL + "/echo", body: form.body)
            req.headers["Content-Type"] = form.contentType
            let res = try await transport.send(req)
            let json = try #require(res.json)
            let body = try #require(json["body"]?.string)
            #expect(json["headers"]?["content-type"]?.string == "multipart/form-data; boundary=BOUNDARY123")
            #expect(body.contains("Content-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n"))
            #expect(body.contains("filename=\"train.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n{\"messages\":[]}\n\r\n--BOUNDARY123--\r\n"))
            #expect(json["body_bytes"]?.int == Int(form.body.contentLength))
        }
    }

    @Test func redirectIsFollowed() async throws {
        try await withServer { server in
            let res = try await transport.send(FTCore.HTTPRequest(method: .get, url: server.baseURL + "/redirect"))
            #expect(res.status == 200)
            #expect(res.json?["query"]?.string == "redirected=1")
            #expect(res.url.hasSuffix("/echo?redirected=1"))
        }
    }

    @Test func errorStatusesComeBackWithTheirBodies() async throws {
        try await withServer { server in
            for code in [400, 404, 500] {
                let res = try await transport.send(FTCore.HTTPRequest(method: .get, url: server.baseURL + "/status/\(code)"))
                #expect(res.status == code)
                #expect(res.json?["error"]?["message"]?.string == "status \(code) from the test server")
                #expect(res.requestID == "req_test_\(code)")
            }
        }
    }

    @Test func connectionsAreReused() async throws {
        try await withServer { server in
            _ = try await transport.send(FTCore.HTTPRequest(method: .get, url: server.baseURL + "/echo"))
            let second = try await transport.send(FTCore.HTTPRequest(method: .get, url: server.baseURL + "/echo"))
            #expect(second.reusedConnection == true)
        }
    }

    @Test func timeoutAbortsASlowAnswer() async throws {
        try await withServer { server in
            var req = FTCore.HTTPRequest(method: .get, url: server.baseURL + "/slow?seconds=60")
            req.timeout = .seconds(0.5)
            let started = Date()
            let error = await #expect(throws: FTError.self) { try await transport.send(req) }
            #expect(error?.code == .timeout)
            // The server would answer after 60 s. The bound is loose because, with the whole suite
            // running at once on 2 cores, resuming the waiting task can itself take seconds.
            #expect(Date().timeIntervalSince(started) < 10)
        }
    }

    @Test func cancellingTheTaskAbortsPromptly() async throws {
        try await withServer { server in
            let req = FTCore.HTTPRequest(method: .get, url: server.baseURL + "/slow?seconds=60")
            let t = transport
            let task = Task { try await t.send(req) }
            try await Task.sleep(nanoseconds: 300_000_000)
            let started = Date()
            task.cancel()
            let result = await task.result
            // The server would answer after 60 s. The bound is loose for the same reason as above;
            // unloaded, this takes a few milliseconds.
            #expect(Date().timeIntervalSince(started) < 10)
            guard case .failure(let error as FTError) = result else {
                Issue.record("expected a cancelled error, got \(result)")
                return
            }
            #expect(error.code == .cancelled)
        }
    }

    @Test func connectionRefusedIsANetworkErrorNeverSent() async throws {
        let error = await #expect(throws: FTError.self) {
            try await transport.send(FTCore.HTTPRequest(method: .post, url: "http://127.0.0.1:1/v1/files", operation: "upload"))
        }
        #expect(error?.code == .network)
        #expect(error?.neverSent == true)
        #expect(error?.why.contains("refused") == true)
    }

    @Test func unresolvableHostIsANetworkError() async throws {
        let error = await #expect(throws: FTError.self) {
            try await transport.send(FTCore.HTTPRequest(method: .get, url: "http://no-such-host.invalid/v1"))
        }
        #expect(error?.code == .network)
        #expect(error?.why.contains("resolve") == true)
    }

    @Test func downloadStreamsIntoASink() async throws {
        try await withServer { server in
            let sink = CountingSink()
            var req = FTCore.HTTPRequest(method: .get, url: server.baseURL + "/download?bytes=5000000")
            req.sink = sink
            let res = try await transport.send(req)
            #expect(res.status == 200)
            #expect(res.body.isEmpty)
            #expect(sink.count == 5_000_000)
        }
    }

    @Test func aMissingUploadFileIsNamed() async throws {
        let error = #expect(throws: FTError.self) { try HTTPBody.file("/nonexistent/train.jsonl") }
        #expect(error?.code == .fileMissing)
        #expect(error?.description.contains("/nonexistent/train.jsonl") == true)
    }
}

final class CountingSink: ResponseSink, @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    var count: Int { lock.lock(); defer { lock.unlock() }; return total }
    func receive(_ chunk: UnsafeRawBufferPointer) throws {
        lock.lock(); total += chunk.count; lock.unlock()
    }
}
