import Crypto
import FineTuning
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

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    func client(_ sandbox: RunningSandbox, trace: Trace) -> FTClient {
        FTClient(provider: OpenAIStyleProvider(id: .openai, baseURL: sandbox.v1), transport: CurlTransport(), apiKey: "sk-sandbox",
                 maxRetries: 0, trace: TraceMiddleware(secrets: SecretBook()) { trace.add($0) })
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
        var uploader = FileService(client: c)
        uploader.threshold = 1 << 20
        uploader.partSize = 256 << 10
        let done = try await uploader.upload(path: path, purpose: "fine-tune")
        let file = done.file
        #expect(file.bytes == 1_200_000)
        // The digests came from the upload's own read of the file (the server checked the md5).
        #expect(done.sha256 == Self.sha256(data))
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
        let (path, data) = try file(bytes: 2000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let done = try await FileService(client: client(sandbox, trace: trace)).upload(path: path, purpose: "fine-tune")
        #expect(done.sha256 == Self.sha256(data))
        #expect(trace.requests.count == 1)
        #expect(trace.requests.first?.hasSuffix("/v1/files") == true)
    }

    @Test func aFailedPartCancelsTheUpload() async throws {
        let sandbox = try await RunningSandbox.start()
        defer { sandbox.stop() }
        let trace = Trace()
        let (path, _) = try file(bytes: 300_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var uploader = FileService(client: client(sandbox, trace: trace))
        uploader.threshold = 100_000
        uploader.partSize = 100_000
        // The file shrinks before the third part: that part cannot be sent whole.
        uploader.onPart = { n, _ in if n == 3 { truncate(path, 150_000) } }
        let error = await #expect(throws: FTError.self) { try await uploader.upload(path: path, purpose: "fine-tune") }
        #expect(error?.why.contains("changed") == true)
        #expect(trace.requests.last?.hasSuffix("/cancel") == true)
    }
}

final class Collect: ResponseSink, @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = Data()
    var data: Data { lock.withLock { buffer } }
    func receive(_ chunk: UnsafeRawBufferPointer) throws { lock.withLock { buffer.append(contentsOf: chunk.bindMemory(to: UInt8.self)) } }
}
