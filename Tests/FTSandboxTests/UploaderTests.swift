import Crypto
import FTCore
import FTCurl
import FTProviders
import Foundation
import Testing

/// Large files go through the Uploads API in parts; small ones in one request.
@Suite("uploading in parts against the sandbox")
struct UploaderTests {
    final class Trace: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ s: String) { lock.withLock { lines.append(s) } }
        var requests: [String] { lock.withLock { lines.compactMap { $0.split(separator: "\n").first.map(String.init) }.filter { $0.hasPrefix("> ") } } }
    }

    static func md5(_ path: String) throws -> String {
        Insecure.MD5.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }.joined()
    }

    func client(_ sandbox: RunningSandbox, trace: Trace) -> FTClient {
        FTClient(provider: OpenAIStyleProvider(id: .openai, baseURL: sandbox.v1), transport: CurlTransport(), apiKey: "sk-sandbox",
                 maxRetries: 0, trace: TraceMiddleware(redactor: Redactor()) { trace.add($0) })
    }

    func file(bytes: Int) throws -> (String, Data) {
        let path = NSTemporaryDirectory() + "ftctl-up-\(UUID().uuidString).jsonl"
        let data = Data((0..<bytes).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 251) })
        try data.write(to: URL(fileURLWithPath: path))
        return (path, data)
    }

    @Test func aLargeFileGoesInOrderedPartsAndArrivesWhole() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let trace = Trace()
        let c = client(sandbox, trace: trace)
        let (path, data) = try file(bytes: 1_200_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var uploader = FileUploader(client: c, md5: { try Self.md5($0) })
        uploader.threshold = 1 << 20
        uploader.partSize = 256 << 10
        let file = try await uploader.upload(path: path, purpose: "fine-tune")
        #expect(file.bytes == 1_200_000)
        let requests = trace.requests
        #expect(requests.filter { $0.contains("/uploads/") && $0.hasSuffix("/parts") }.count == 5)
        #expect(requests.first?.hasSuffix("/v1/uploads") == true)
        #expect(requests.last?.hasSuffix("/complete") == true)
        let sink = Collect()
        try await c.send(try c.provider.downloadFile(file.id, into: sink))
        #expect(sink.data == data)
    }

    @Test func aSmallFileGoesInOneRequest() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let trace = Trace()
        let (path, _) = try file(bytes: 2000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try await FileUploader(client: client(sandbox, trace: trace), md5: { try Self.md5($0) }).upload(path: path, purpose: "fine-tune")
        #expect(trace.requests.count == 1)
        #expect(trace.requests.first?.hasSuffix("/v1/files") == true)
    }

    @Test func aFailedCompletionCancelsTheUpload() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let trace = Trace()
        let (path, _) = try file(bytes: 300_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var uploader = FileUploader(client: client(sandbox, trace: trace), md5: { _ in "0123456789abcdef0123456789abcdef" })
        uploader.threshold = 100_000
        uploader.partSize = 100_000
        let error = await #expect(throws: FTError.self) { try await uploader.upload(path: path, purpose: "fine-tune") }
        #expect(error?.why.contains("md5") == true)
        #expect(trace.requests.last?.hasSuffix("/cancel") == true)
    }
}

final class Collect: ResponseSink, @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = Data()
    var data: Data { lock.withLock { buffer } }
    func receive(_ chunk: UnsafeRawBufferPointer) throws { lock.withLock { buffer.append(contentsOf: chunk.bindMemory(to: UInt8.self)) } }
}
