import FTCLI
import FTSandbox
import FineTuning
import Foundation
import Testing

/// One ftctl invocation run in-process (the real command tree, the real libcurl transport), with
/// its own captured output.
struct InProcessFtctl: Sendable {
    let environment: [String: String]

    struct Result: Sendable {
        var code: Int32
        var stdout: String
        var stderr: String
        var json: JSONValue? { JSONValue.parse(Data(stdout.utf8)) }
    }

    func run(_ args: [String], env: [String: String] = [:]) async -> Result {
        let out = OutputBox()
        var environment = self.environment
        for (k, v) in env { environment[k] = v }
        var context = CLIContext.live()
        context.environment = environment
        context.writeOut = { out.add(out: $0) }
        context.writeErr = { out.add(err: $0) }
        context.stdoutIsTTY = false
        context.stdinIsTTY = false
        context.stderrIsTTY = false
        context.terminalWidth = nil
        context.secrets = SecretBook()
        context.confirm = { _ in false }
        let code = await FTCtl.run(arguments: args, context: context)
        return Result(code: code, stdout: out.out, stderr: out.err)
    }
}

final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var o = "", e = ""
    var out: String { lock.withLock { o } }
    var err: String { lock.withLock { e } }
    func add(out text: String) { lock.withLock { o += text } }
    func add(err text: String) { lock.withLock { e += text } }
}

struct SeededGenerator: RandomNumberGenerator {
    var base: SeededRandom
    init(_ base: SeededRandom) { self.base = base }
    mutating func next() -> UInt64 { base.next() }
}

/// Runs `work` over `items`, `width` at a time.
func inParallel<T: Sendable, R: Sendable>(_ items: [T], width: Int, _ work: @escaping @Sendable (T) async -> R) async -> [R] {
    await withTaskGroup(of: (Int, R).self) { group in
        var out = [R?](repeating: nil, count: items.count)
        var next = 0
        for _ in 0..<min(width, items.count) {
            let i = next; next += 1
            group.addTask { (i, await work(items[i])) }
        }
        while let (i, r) = await group.next() {
            out[i] = r
            if next < items.count {
                let j = next; next += 1
                group.addTask { (j, await work(items[j])) }
            }
        }
        return out.map { $0! }
    }
}

@Suite("1,000 operations under 30% faults, lost replies included", .serialized)
struct FaultSoakTests {
    static let kinds = FaultSpec.Kind.allCases

    enum Op: Sendable {
        case create, upload(Int), listJobs, listFiles, get(String), cancel(String)
        var name: String {
            switch self {
            case .create: "create"
            case .upload: "upload"
            case .listJobs, .listFiles: "list"
            case .get: "get"
            case .cancel: "cancel"
            }
        }
    }

    struct Outcome: Sendable {
        var op: String
        var result: InProcessFtctl.Result
        var id: String?
        /// Succeeded with what was asked, or failed with one clear line and nothing on stdout.
        var wellFormed: Bool
    }

    @Test func everyOperationEndsRightOrInOneClearLineAndTheSandboxHoldsNoDuplicateOrOrphan() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        // Slow simulated time, so the jobs are still running when they are cancelled.
        let sandbox = try await RunningSandbox.start(speed: 0.05, faults: FaultSpec(rate: 0.3, kinds: Self.kinds), seed: 11)
        defer { sandbox.stop() }
        let home = NSTemporaryDirectory() + "ftctl-soak-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let ftctl = InProcessFtctl(environment: [
            "OPENAI_API_KEY": "sk-sandbox", "HOME": home, "XDG_CONFIG_HOME": home + "/config", "NO_COLOR": "1",
        ])
        let base = ["--base-url", sandbox.v1, "-o", "json"]

        // A training file to create jobs from, and a dataset per upload (names tell them apart).
        let train = home + "/train.jsonl"
        try Self.dataset(lines: 12).write(toFile: train, atomically: true, encoding: .utf8)
        var setup = await ftctl.run(["files", "upload", train, "--no-validate", "--max-retries", "10"] + base)
        for _ in 0..<5 where setup.code != 0 { setup = await ftctl.run(["files", "upload", train, "--no-validate", "--max-retries", "10"] + base) }
        let trainingFile = try #require(setup.json?["id"]?.string, "setup upload: \(setup.stderr)")
        for i in 0..<100 {
            try Self.dataset(lines: 3 + i % 7).write(toFile: home + "/upload_\(i).jsonl", atomically: true, encoding: .utf8)
        }

        // Phase 1: 250 creates, 100 uploads, 100 lists, shuffled.
        var phase1: [Op] = Array(repeating: .create, count: 250) + (0..<100).map { .upload($0) }
            + Array(repeating: .listJobs, count: 50) + Array(repeating: .listFiles, count: 50)
        var rng = SeededGenerator(SeededRandom(seed: 7))
        phase1.shuffle(using: &rng)
        let first = await inParallel(phase1, width: 16) { op in
            await Self.perform(op, ftctl: ftctl, base: base, home: home, trainingFile: trainingFile)
        }
        let created = first.filter { $0.op == "create" && $0.result.code == 0 }.compactMap(\.id)

        // Phase 2: 250 gets and 200 cancels of the jobs just made, 100 lists.
        var phase2: [Op] = (0..<250).map { .get(created[$0 % created.count]) } + created.prefix(200).map { .cancel($0) }
            + Array(repeating: .listJobs, count: 50) + Array(repeating: .listFiles, count: 50)
        phase2.shuffle(using: &rng)
        let second = await inParallel(phase2, width: 16) { op in
            await Self.perform(op, ftctl: ftctl, base: base, home: home, trainingFile: trainingFile)
        }
        let all = first + second
        #expect(all.count == 1000)
        for o in all where !o.wellFormed {
            Issue.record("\(o.op): exit \(o.result.code), stdout \(o.result.stdout.prefix(200)), stderr \(o.result.stderr.prefix(300))")
        }

        let creates = first.filter { $0.op == "create" }
        let rate = Double(created.count) / Double(creates.count)
        #expect(rate >= 0.97, "creates succeeded: \(created.count)/\(creates.count)")

        // The sandbox's state, read through the same faults with a patient client.
        let client = try FTClient.connect(provider: .openai, baseURL: sandbox.v1, apiKey: "sk-sandbox", maxRetries: 20)
        let jobs = try await client.jobs(JobQuery(), limit: nil)
        let requestIDs = jobs.compactMap { $0.metadata?[JobCreator.metadataKey]?.string }
        #expect(requestIDs.count == jobs.count, "every job carries its request id")
        #expect(Set(requestIDs).count == requestIDs.count, "no create took effect twice")
        #expect(Set(jobs.map(\.id)) == Set(created), "every job in the sandbox is one a create reported, and only those")

        var files: [FileObject] = []
        var after: String?
        repeat {
            let page = try await client.send(try client.provider.listFiles(limit: 100, after: after))
            files += page.items
            after = page.hasMore ? page.items.last?.id : nil
        } while after != nil
        let uploaded = Dictionary(grouping: files.filter { $0.filename?.hasPrefix("upload_") == true }, by: { $0.filename ?? "" })
        #expect(uploaded.values.allSatisfy { $0.count == 1 }, "no upload stored twice: \(uploaded.filter { $0.value.count > 1 }.keys.sorted())")
        let reported = Set(first.filter { $0.op == "upload" && $0.result.code == 0 }.compactMap(\.id))
        #expect(Set(uploaded.values.flatMap { $0 }.map(\.id)) == reported, "every stored upload is one an upload reported")

        let elapsed = clock.now - started
        let counts = Dictionary(grouping: all, by: \.op).mapValues { ops in "\(ops.filter { $0.result.code == 0 }.count)/\(ops.count)" }
        print("fault soak: 1000 operations in \(elapsed); creates \(created.count)/\(creates.count) (\(String(format: "%.1f", rate * 100))%); by kind \(counts.sorted { $0.key < $1.key })")
    }

    static func perform(_ op: Op, ftctl: InProcessFtctl, base: [String], home: String, trainingFile: String) async -> Outcome {
        let result: InProcessFtctl.Result
        var expectID: String?
        switch op {
        case .create:
            result = await ftctl.run(["jobs", "create", "--model", "gpt-4o-mini", "--training-file", trainingFile, "-y"] + base)
        case .upload(let i):
            // Each upload its own config folder: the upload cache is not what is under test here.
            result = await ftctl.run(["files", "upload", home + "/upload_\(i).jsonl", "--no-validate"] + base,
                                     env: ["XDG_CONFIG_HOME": home + "/config-\(i)"])
        case .listJobs:
            result = await ftctl.run(["jobs", "list", "--limit", "5"] + base)
        case .listFiles:
            result = await ftctl.run(["files", "list"] + base)
        case .get(let id):
            expectID = id
            result = await ftctl.run(["jobs", "get", id] + base)
        case .cancel(let id):
            expectID = id
            result = await ftctl.run(["jobs", "cancel", id] + base)
        }
        let id = result.json?["id"]?.string
        let ok: Bool
        if result.code == 0 {
            switch op {
            case .listJobs, .listFiles: ok = result.json?.array != nil
            case .cancel: ok = id == expectID && result.json?["status"]?.string == "cancelled"
            default: ok = id != nil && (expectID == nil || id == expectID)
            }
        } else {
            let lines = result.stderr.split(separator: "\n")
            ok = result.stdout.isEmpty && lines.count == 1 && lines[0].hasPrefix("ftctl: ") && !lines[0].contains("Fatal")
        }
        return Outcome(op: op.name, result: result, id: id, wellFormed: ok)
    }

    static func dataset(lines: Int) -> String {
        (0..<lines).map { i in
            #"{"messages":[{"role":"user","content":"question \#(i)"},{"role":"assistant","content":"answer \#(i)"}]}"#
        }.joined(separator: "\n") + "\n"
    }
}
