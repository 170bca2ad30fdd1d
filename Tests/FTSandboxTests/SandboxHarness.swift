import FTSandbox
import FTTestSupport
import Foundation
import Testing

/// A sandbox on 127.0.0.1:0 inside the test process, fast (speed 200) unless told otherwise.
final class RunningSandbox: Sendable {
    let port: Int
    private let task: Task<Void, any Error>
    /// The request journal's file, when one was asked for.
    let journal: String?

    var root: String { "http://127.0.0.1:\(port)" }
    var v1: String { root + "/v1" }

    /// `port` 0 picks a free one; a restart passes the port it had, so clients keep their URL.
    static func start(speed: Double = 200, faults: FaultSpec? = nil, dataDir: String? = nil, seed: UInt64 = 1,
                      apiKey: String = "sk-sandbox", port: Int = 0, eventsPerStep: Int = 0,
                      journal: String? = nil) async throws -> RunningSandbox {
        var options = SandboxOptions()
        options.journal = journal
        options.apiKey = apiKey
        options.port = port
        options.eventsPerStep = eventsPerStep
        options.speed = speed
        options.faults = faults
        options.dataDir = dataDir
        options.seed = seed
        options.quiet = true
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let task = Task {
            try await SandboxServer(options: options).run { port in
                continuation.yield(port)
                continuation.finish()
            }
        }
        var port = 0
        for await p in stream { port = p }
        return RunningSandbox(port: port, task: task, journal: journal)
    }

    private init(port: Int, task: Task<Void, any Error>, journal: String?) {
        self.port = port
        self.task = task
        self.journal = journal
    }

    /// What the sandbox received, as its journal recorded it: `{method, path, query, content_type, body}`.
    func received(_ method: String? = nil, pathSuffix: String = "") -> [JSONValue] {
        guard let journal, let data = FileManager.default.contents(atPath: journal) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { JSONValue.parse(Data($0)) }.filter {
            (method == nil || $0["method"]?.string == method) && ($0["path"]?.string ?? "").hasSuffix(pathSuffix)
        }
    }

    func stop() { task.cancel() }

    /// Stops and waits until the server has let go of its port.
    func shutdown() async {
        task.cancel()
        _ = await task.result
    }
    deinit { task.cancel() }
}

/// The built binaries with a clean environment, and datasets to feed them.
struct Binaries {
    typealias Result = BinaryRunner.Result
    let runner: BinaryRunner

    init(_ env: [String: String] = [:]) { runner = BinaryRunner(environment: env) }

    var home: String { runner.home }
    static func path(_ name: String) -> String { BinaryRunner.path(name) }

    func ftctl(_ args: [String], env: [String: String] = [:]) async throws -> Result {
        try await runner.run(Self.path("ftctl"), args, env: env)
    }

    func run(_ binary: String, _ args: [String], env: [String: String] = [:]) async throws -> Result {
        try await runner.run(binary, args, env: env)
    }

    /// A small valid chat dataset.
    func dataset(_ name: String = "train.jsonl", lines: Int = 12, broken: Bool = false) throws -> String {
        let path = home + "/" + name
        var text = ""
        for i in 0..<lines {
            text += #"{"messages":[{"role":"user","content":"question \#(i)"},{"role":"assistant","content":"answer \#(i)"}]}"# + "\n"
        }
        if broken { text += "{not json\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

extension BinaryRunner.Result {
    func expectSuccess(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(code == 0, "exit \(code): \(stderr)", sourceLocation: sourceLocation)
    }
}

import FTCore
import FTCurl

/// One raw request to the sandbox over the real transport, for checks below the CLI.
func sandboxRequest(_ wire: CurlTransport, _ method: HTTPMethod, _ url: String, headers: HTTPHeaders,
                    json: JSONValue? = nil, body: HTTPBody? = nil) async throws -> HTTPResponse {
    var r = HTTPRequest(method: method, url: url, headers: headers)
    if let json {
        r.body = .json(json)
        r.headers["Content-Type"] = "application/json"
    }
    if let body { r.body = body }
    return try await wire.send(r)
}
