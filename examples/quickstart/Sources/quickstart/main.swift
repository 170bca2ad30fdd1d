// quickstart --base-url URL --api-key KEY --file PATH [--model M]
// Creates a fine-tuning job on a local dataset as `ftctl jobs create` does, through the library's
// submission use case: the file is checked and counted, found in the upload cache or uploaded, the
// cost estimated, and the job created without ever making it twice. Then it waits for the job to
// end and prints the job's id and final status. Exit 0 when it succeeded.
import FineTuning
import Foundation

func value(_ flag: String) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: flag), args.indices.contains(i + 1) else { return nil }
    return args[i + 1]
}

func note(_ line: String) { FileHandle.standardError.write(Data("quickstart: \(line)\n".utf8)) }

guard let baseURL = value("--base-url"), let apiKey = value("--api-key"), let path = value("--file") else {
    FileHandle.standardError.write(Data("usage: quickstart --base-url URL --api-key KEY --file PATH [--model M]\n".utf8))
    exit(64)
}

do {
    let client = try FTClient.connect(provider: .openai, baseURL: baseURL, apiKey: apiKey)
    var submission = JobSubmission(client: client, baseURL: baseURL)
    submission.onNote = note
    var spec = JobSpec(model: value("--model") ?? "gpt-4o-mini", trainingFile: path)
    spec[.epochs] = 2
    spec[.suffix] = "quickstart"
    let plan = try await submission.plan(spec)
    for file in plan.files {
        note(file.willUpload ? "will upload \(file.path)" : "\(file.path) is already uploaded as \(file.cachedID ?? "")")
    }
    if let cost = plan.cost { note("estimated cost \(cost.amount) \(cost.currency)") }
    let job = try await submission.submit(plan)
    let done = try await JobWaiter(client: client).wait(id: job.id, interval: 1)
    print(done.id, done.status.rawValue)
    exit(done.status == .succeeded ? 0 : 2)
} catch let error as FTError {
    FileHandle.standardError.write(Data("quickstart: \(error)\n".utf8))
    exit(1)
}
