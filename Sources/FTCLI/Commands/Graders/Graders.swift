import ArgumentParser
import FineTuning
import Foundation

/// OpenAI's alpha grader endpoints: check a grader, or grade one sample, before a reinforcement job.
struct Graders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graders",
        abstract: "Check or try a grader for --method reinforcement (OpenAI's alpha grader endpoints).",
        subcommands: [GradersValidate.self, GradersRun.self])
}

struct GradersValidate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Check a grader file here, then on the server.")
    @OptionGroup var global: GlobalFlags
    @Argument(help: ArgumentHelp("A grader: JSON or YAML.", valueName: "grader-file")) var file: String

    func run() async throws {
        // Checked against the schema first, so a bad grader fails before anything is sent.
        let grader = try GraderSchema.load(file, source: "grader")
        let session = try Session(global)
        let client = try session.client()
        let answer = try await client.send(try client.provider.validateGrader(grader))
        session.print(try session.renderer.one(answer))
    }
}

struct GradersRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Grade one model sample with a grader file.")
    @OptionGroup var global: GlobalFlags
    @Argument(help: ArgumentHelp("A grader: JSON or YAML.", valueName: "grader-file")) var file: String
    @Option(help: ArgumentHelp("The model's output to grade.", valueName: "text")) var sample: String
    @Option(help: ArgumentHelp("The dataset item the grader's {{item.*}} templates read: a JSON object.", valueName: "json"))
    var item: String?

    func run() async throws {
        let grader = try GraderSchema.load(file, source: "grader")
        let itemValue = try item.map { text -> JSONValue in
            guard let v = JSONValue.parse(Data(text.utf8)), v.object != nil else {
                throw FTError(.usage, what: "--item", why: "not a JSON object", hint: #"Pass e.g. --item '{"label":"yes"}'."#)
            }
            return v
        }
        let session = try Session(global)
        let client = try session.client()
        let answer = try await client.send(try client.provider.runGrader(grader, modelSample: sample, item: itemValue))
        session.print(try session.renderer.one(answer))
    }
}
