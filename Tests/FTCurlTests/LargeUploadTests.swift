import FTCore
import FTCurl
import FTTestSupport
import Foundation
import Testing

/// A 200 MB body goes out streamed from disk: every byte arrives, and the process's peak memory
/// grows by far less than the file.
@Suite("large streamed upload", .serialized)
struct LargeUploadTests {
    static let size = 200 * 1024 * 1024

    @Test func twoHundredMegabytesStreamFromDisk() async throws {
        let path = NSTemporaryDirectory() + "ftctl-big-\(UUID().uuidString).bin"
        // Writing 200 MB blocks; keep it off the few threads every other test runs on.
        let expectedHash = try await offPool { try Self.writeFile(path: path, size: Self.size) }
        defer { try? FileManager.default.removeItem(atPath: path) }

        let server = try await TestServer.start(EchoRoutes.router())
        defer { server.stop() }
        let transport = CurlTransport(options: .init(timeout: 300))
        var req = FTCore.HTTPRequest(method: .post, url: server.baseURL + "/count", body: try .file(path))
        let progress = ProgressLog()
        req.uploadProgress = { sent, total in progress.record(sent, total) }

        let baseline = try Memory.resetPeak()
        let res = try await transport.send(req)
        let peak = try Memory.peakResident()

        #expect(res.status == 200)
        #expect(res.json?["bytes"]?.int == Self.size)
        #expect(res.json?["fnv"]?.string == expectedHash)
        let growth = peak - baseline
        // Other suites run in this process at the same time (the tokenizer tests load whole
        // vocabularies), so the bound is half the file: a body held in memory would pass it.
        // The 64 MiB goal for a whole `ftctl files upload` is measured alone, by `make bench`.
        #expect(growth < Self.size / 2, "peak resident memory grew by \(growth / 1_048_576) MiB for a 200 MiB upload")
        #expect(progress.last?.sent == Int64(Self.size))
        #expect(progress.last?.total == Int64(Self.size))
        #expect(progress.calls > 2)
    }

    /// Writes a file of varied bytes and returns its FNV-1a hash, as the server computes it.
    static func writeFile(path: String, size: Int) throws -> String {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown)
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var written = 0
        var seed: UInt8 = 7
        while written < size {
            for i in chunk.indices {
                seed = seed &* 31 &+ 11
                chunk[i] = seed
                hash = (hash ^ UInt64(seed)) &* 0x100_0000_01b3
            }
            try handle.write(contentsOf: Data(chunk))
            written += chunk.count
        }
        try handle.close()
        return String(hash, radix: 16)
    }
}

final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var last: (sent: Int64, total: Int64)?
    private(set) var calls = 0
    func record(_ sent: Int64, _ total: Int64) {
        lock.lock(); last = (sent, total); calls += 1; lock.unlock()
    }
}

/// Linux's peak-RSS counter, which /proc/self/clear_refs can reset.
enum Memory {
    static func status(_ field: String) throws -> Int {
        let text = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
              let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return kb * 1024
    }

    /// Resets VmHWM to the current RSS and returns that RSS.
    static func resetPeak() throws -> Int {
        try "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        return try status("VmRSS")
    }

    static func peakResident() throws -> Int { try status("VmHWM") }
}
