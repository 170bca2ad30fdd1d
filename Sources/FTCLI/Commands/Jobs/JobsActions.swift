import ArgumentParser
import FineTuning

/// cancel, stop, restart, pause, resume and deploy: one job id in, the job's new state out.
enum JobActionRunner {
    static func run(_ action: JobAction, id: String, global: GlobalFlags) async throws {
        let session = try Session(global)
        let client = try session.client()
        let job = try await client.send(try client.provider.perform(action, jobID: id))
        session.print(try session.renderer.one(job))
    }
}

struct JobsCancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a job.")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    func run() async throws { try await JobActionRunner.run(.cancel, id: id, global: global) }
}

struct JobsStop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop a running job (generic-v1).")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    func run() async throws { try await JobActionRunner.run(.stop, id: id, global: global) }
}

struct JobsRestart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Re-queue a stopped or failed job (generic-v1).")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    func run() async throws { try await JobActionRunner.run(.restart, id: id, global: global) }
}

struct JobsPause: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause a running job.")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    func run() async throws { try await JobActionRunner.run(.pause, id: id, global: global) }
}

struct JobsResume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume a paused job.")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    func run() async throws { try await JobActionRunner.run(.resume, id: id, global: global) }
}

struct JobsDeploy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deploy", abstract: "Deploy the model of a finished job (generic-v1).")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    func run() async throws { try await JobActionRunner.run(.deploy, id: id, global: global) }
}

struct JobsDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a job.",
        discussion: "Asks first on a terminal unless -y; never asks when stdin is not a terminal.")
    @OptionGroup var global: GlobalFlags
    @Argument(help: "The job id.") var id: String
    @Flag(name: [.short, .customLong("yes")], help: "Do not ask.") var yes = false

    func run() async throws {
        let session = try Session(global)
        let client = try session.client()
        let endpoint = try client.provider.deleteJob(id)
        try Confirm.ask("Delete job \(id)?", yes: yes, session: session)
        try await client.send(endpoint)
        if !global.quiet { session.note("deleted job \(id)") }
    }
}

/// The one yes/no prompt: asked only on a terminal, never in a pipe or cron.
enum Confirm {
    static func ask(_ question: String, yes: Bool, session: Session) throws {
        guard !yes, session.context.stdinIsTTY else { return }
        guard session.context.confirm(question) else {
            throw FTError(.declined, what: question.trimmingCharacters(in: CharacterSet(charactersIn: "?")).lowercased(),
                          why: "declined at the prompt", hint: "Pass -y to skip the question.")
        }
    }
}

import Foundation
