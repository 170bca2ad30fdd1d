import FTTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Wall time and peak memory of whole ftctl runs: `--version`, and one command over the real
// transport against a loopback server. Prints figures; asserts nothing (noisy shared machine).

struct Sample {
    let seconds: Double
    let maxRSSKiB: Int
    let status: Int32
}

func spawn(_ path: String, _ args: [String], env: [String: String]) -> Sample {
    var pid: pid_t = 0
    let argv = ([path] + args).map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0)=\($1)") } + [nil]
    defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    defer { posix_spawn_file_actions_destroy(&actions) }
    let start = DispatchTime.now()
    guard posix_spawn(&pid, path, &actions, nil, argv, envp) == 0 else { fatalError("cannot run \(path)") }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    return Sample(seconds: seconds, maxRSSKiB: usage.ru_maxrss, status: (status >> 8) & 0xff)
}

func report(_ name: String, _ samples: [Sample]) {
    let times = samples.map(\.seconds).sorted()
    let median = times[times.count / 2] * 1000
    let p90 = times[min(times.count - 1, Int(Double(times.count) * 0.9))] * 1000
    let rss = Double(samples.map(\.maxRSSKiB).max() ?? 0) / 1024
    let failed = samples.filter { $0.status != 0 }.count
    let figures = String(format: "runs %3d   median %7.1f ms   p90 %7.1f ms   peak RSS %6.1f MiB", samples.count, median, p90, rss)
    print(name.padding(toLength: 44, withPad: " ", startingAt: 0) + figures + (failed > 0 ? "   (\(failed) failed)" : ""))
}

let binary = CommandLine.arguments.dropFirst().first ?? ".build/release/ftctl"
let runs = Int(ProcessInfo.processInfo.environment["BENCH_RUNS"] ?? "30") ?? 30
let server = try await TestServer.start(FakeOpenAIRoutes.router())
let env = ["HOME": NSTemporaryDirectory(), "XDG_CONFIG_HOME": NSTemporaryDirectory() + "ftctl-bench-config",
           "OPENAI_API_KEY": FakeOpenAIRoutes.apiKey, "FTCTL_BASE_URL": server.baseURL + "/v1"]

print("ftctl bench: \(binary), \(runs) runs each (goal: <= 25 ms and <= 25 MiB)")
_ = spawn(binary, ["--version"], env: env) // warm the page cache
report("ftctl --version", (0..<runs).map { _ in spawn(binary, ["--version"], env: env) })
report("ftctl jobs get ftjob-1 -q (loopback)", (0..<runs).map { _ in spawn(binary, ["jobs", "get", "ftjob-1", "-q"], env: env) })
report("ftctl jobs list --all -o json (3 pages)", (0..<runs).map { _ in spawn(binary, ["jobs", "list", "--all", "-o", "json"], env: env) })
server.stop()
