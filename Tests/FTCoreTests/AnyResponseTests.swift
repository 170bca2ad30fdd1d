import FTCore
import FTProviders
import Foundation
import Testing

/// No server answer crashes ftctl: seeded random JSON (and non-JSON) fed to every decoder of every
/// provider either decodes or fails with an FTError.
@Suite("any server response")
struct AnyResponseTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }

        mutating func value(depth: Int = 0) -> JSONValue {
            let keys = ["id", "status", "data", "jobs", "has_more", "created_at", "metrics", "step", "error", "hyperparameters",
                        "method", "type", "supervised", "logs", "models", "hardware", "count", "offset", "file", "success", "x"]
            switch next(depth > 3 ? 6 : 9) {
            case 0: return .null
            case 1: return .bool(next(2) == 0)
            case 2: return .int(Int64(next(2_000_000_000)) - 1_000_000_000)
            case 3: return .double(Double(next(1000)) / 7 - 50)
            case 4: return .string(["", "running", "ftjob-1", "2025-02-01T10:00:00Z", "auto", "∞", "\u{0}"][next(7)])
            case 5: return .double(next(2) == 0 ? 1e300 : -0.0)
            case 6, 7:
                var o = JSONObject()
                for _ in 0..<next(6) { o[keys[next(keys.count)]] = value(depth: depth + 1) }
                return .object(o)
            default:
                return .array((0..<next(4)).map { _ in value(depth: depth + 1) })
            }
        }
    }

    static func decoders(_ p: any FineTuningProvider) -> [(HTTPResponse) throws -> Void] {
        var out: [(HTTPResponse) throws -> Void] = []
        if let e = try? p.listJobs(JobQuery()) { out.append { _ = try e.decode($0) } }
        if let e = try? p.getJob("j") { out.append { _ = try e.decode($0) } }
        for a in JobAction.allCases { if let e = try? p.perform(a, jobID: "j") { out.append { _ = try e.decode($0) } } }
        if let e = try? p.listEvents(jobID: "j", EventQuery()) { out.append { _ = try e.decode($0) } }
        if let e = try? p.listCheckpoints(jobID: "j", EventQuery()) { out.append { _ = try e.decode($0) } }
        if let e = try? p.listFiles(limit: nil, after: nil) { out.append { _ = try e.decode($0) } }
        if let e = try? p.getFile("f") { out.append { _ = try e.decode($0) } }
        if let e = try? p.jobMetrics("j") { out.append { _ = try e.decode($0) } }
        if let e = try? p.stats() { out.append { _ = try e.decode($0) } }
        if let e = try? p.listModels() { out.append { _ = try e.decode($0) } }
        if let e = try? p.listHardware() { out.append { _ = try e.decode($0) } }
        if let e = try? p.estimateCost(model: "m", examples: 1) { out.append { _ = try e.decode($0) } }
        if let e = try? p.createUpload(filename: "f", purpose: "fine-tune", bytes: 1, mimeType: "text/jsonl") { out.append { _ = try e.decode($0) } }
        if let e = try? p.completeUpload(uploadID: "u", partIDs: [], md5: "") { out.append { _ = try e.decode($0) } }
        return out
    }

    @Test func randomBodiesNeverCrashAnyDecoder() {
        let providers: [any FineTuningProvider] = [
            OpenAIStyleProvider(id: .openai, baseURL: "https://x/v1"), OpenAIStyleProvider(id: .nebius, baseURL: "https://x/v1"),
            OpenAIStyleProvider(id: .truefoundry, baseURL: "https://x", settings: [.tfyProviderName: "p"]), GenericV1Provider(baseURL: "https://x"),
        ]
        var g = Generator(state: 42)
        var decoded = 0, refused = 0
        for round in 0..<400 {
            let body: Data
            switch round % 10 {
            case 0: body = Data((0..<g.next(64)).map { _ in UInt8(g.next(256)) })
            case 1: body = Data(g.value().serialized().utf8.prefix(g.next(40)))
            default:
                var v = g.value()
                if round % 3 == 0, case .object(var o) = v { o["success"] = true; o["data"] = g.value(); v = .object(o) }
                body = Data(v.serialized().utf8)
            }
            let response = HTTPResponse(status: 200, body: body)
            for p in providers {
                for decode in Self.decoders(p) {
                    do { try decode(response); decoded += 1 } catch is FTError { refused += 1 } catch { Issue.record("non-FTError \(error)") }
                }
            }
        }
        #expect(decoded > 100)
        #expect(refused > 100)
    }
}
