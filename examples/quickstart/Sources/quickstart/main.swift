// quickstart --base-url URL --api-key KEY --file PATH [--model M]
// Uploads PATH, creates a fine-tuning job on it, waits for the job to end, and prints the job's id
// and final status. Exit 0 when it succeeded.
import FineTuning
import Foundation

func value(_ flag: String) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: flag), args.indices.contains(i + 1) else { return nil }
    return args[i + 1]
}

guard let baseURL = value("--base-url"), let apiKey = value("--api-key"), let path = value("--file") else {
    FileHandle.standardError.write(Data("usage: quickstart --base-url URL --api-key KEY --file PATH [--model M]\n".utf8))
    exit(64)
}

do {
    let client = try FTClient.connect(provider: .openai, baseURL: baseURL, apiKey: apiKey)
    let uploaded = try await FileService(client: client).upload(path: path)
    var spec = JobSpec(model: value("--model") ?? "gpt-4o-mini", trainingFile: uploaded.file.id)
    spec[.epochs] = 2
    spec[.suffix] = "quickstart"
    let job = try await client.send(try client.provider.createJob(spec))
    let done = try await JobWaiter(client: client).wait(id: job.id, interval: 1)
    print(done.id, done.status.rawValue)
    exit(done.status == .succeeded ? 0 : 2)
} catch let error as FTError {
    FileHandle.standardError.write(Data("quickstart: \(error)\n".utf8))
    exit(1)
}
