import ArgumentParser
import FineTuning
import Foundation
import Synchronization

/// The `ftctl` command tree.
public struct FTCtl: AsyncParsableCommand {
    public static var configuration: CommandConfiguration {
        CompletionRequestCheck.skipped ? withoutCompletionCheck : withCompletionCheck
    }

    private static let withCompletionCheck = CommandConfiguration(
        commandName: "ftctl",
        abstract: "Create, watch and manage LLM fine-tuning jobs on several providers.",
        discussion: """
        Providers: openai, portkey, truefoundry, nebius, generic-v1 (alias strongly), together.

        Settings come from flags, then the environment (FTCTL_PROFILE, FTCTL_PROVIDER, FTCTL_BASE_URL, \
        FTCTL_API_KEY, the provider's own key variable), then the profile in \
        $XDG_CONFIG_HOME/ftctl/config.yaml. Exit codes are listed in Docs/CLI.md.
        """,
        version: "ftctl \(FTVersion.current)",
        subcommands: [Jobs.self, Files.self, Graders.self, Models.self, Hardware.self, Stats.self, Estimate.self, Spend.self,
                      Validate.self, Tokenizers.self, ConfigCommand.self, Sandbox.self, Top.self, Export.self]
    )

    /// The parser looks for `--generate-completion-script` before every parse, by parsing the
    /// arguments as two commands of its own: their reflection was 60% of `--version`'s
    /// instructions and 14% of `jobs list`'s (Docs/BENCH.md). It skips that look for a root
    /// with a super-command name, which otherwise only prefixes help's tool name, so this is the
    /// root's configuration while arguments that cannot ask for a script are parsed.
    private static let withoutCompletionCheck: CommandConfiguration = {
        var c = withCompletionCheck
        c._superCommandName = ""
        return c
    }()

    public init() {}

    /// Parses `arguments` into the command to run; arguments that cannot ask for a completion
    /// script or the help dump are parsed without looking for one. A usage error reads the same
    /// either way: its message is written by `report`, after the parse, with the usual
    /// configuration. Help is written when the help command runs, also after.
    static func parseCommand(_ arguments: [String]) throws -> any ParsableCommand {
        let arguments = reorderGlobalOptions(arguments)
        guard CompletionRequestCheck.canSkip(arguments) else { return try parseAsRoot(arguments) }
        return try CompletionRequestCheck.$skipped.withValue(true) { try parseAsRoot(arguments) }
    }

    /// Runs one invocation and returns the exit code; the only place errors become exit codes and
    /// the one-line message on stderr.
    public static func run(arguments: [String], context: CLIContext = .live()) async -> Int32 {
        await CLIContext.$current.withValue(context) {
            do {
                try await execute(parseCommand(arguments))
                return ExitCodes.success
            } catch {
                return report(error, context: context)
            }
        }
    }

    /// `run` for the executable's synchronous `main`: parsing (and so `--help`, `--version` and
    /// usage errors) happens on the main thread, and so does the command's task
    /// (`CallingThreadExecutor`). An `async` main would end its main thread in `dispatch_main`, whose
    /// `pthread_exit` unwinds the stack through the unwind tables: half a MiB of them paged in,
    /// and libgcc's unwinder run, on every run (Docs/BENCH.md).
    public static func runBlocking(arguments: [String], context: CLIContext = .live()) -> Int32 {
        let command: any ParsableCommand
        do {
            command = try CLIContext.$current.withValue(context) { try parseCommand(arguments) }
        } catch {
            return report(error, context: context)
        }
        let code = Mutex<Int32>(ExitCodes.success)
        let executor = CallingThreadExecutor()
        Task(executorPreference: executor) {
            let result = await CLIContext.$current.withValue(context) {
                do {
                    try await execute(command)
                    return ExitCodes.success
                } catch {
                    return report(error, context: context)
                }
            }
            code.withLock { $0 = result }
            executor.finish()
        }
        executor.run()
        return code.withLock { $0 }
    }

    private static func execute(_ parsed: any ParsableCommand) async throws {
        var command = parsed
        if var async = command as? any AsyncParsableCommand {
            try await async.run()
        } else {
            try command.run()
        }
    }

    static func report(_ error: any Error, context: CLIContext) -> Int32 {
        if let ft = error as? FTError {
            let clean = context.secrets.redactor.redact(error: ErrorHints.decorate(ft))
            context.err("ftctl: \(clean.description)")
            return ExitCodes.code(for: ft)
        }
        if let exit = error as? ExitCode { return exit.rawValue }
        let code = exitCode(for: error).rawValue
        if code == 0 {
            // --help and --version: full text on stdout.
            context.out(fullMessage(for: error) + "\n")
            return 0
        }
        // A usage error from the parser: its message on one line, pointing at help.
        // Past five choices the parser lists them one per line ("- together"): they join the first line.
        let lines = message(for: error).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let choices = lines.dropFirst().filter { $0.hasPrefix("- ") }.map { "'\($0.dropFirst(2))'" }
        var first = lines.first ?? "invalid usage"
        if !choices.isEmpty { first += " " + choices.joined(separator: ", ") }
        let message = first
        var text = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
        while text.hasSuffix(".") { text.removeLast() }
        context.err("ftctl: \(context.secrets.redactor.redact(text)). See 'ftctl --help' or '<command> --help'.")
        return code == ExitCode.validationFailure.rawValue ? ExitCodes.usage : code
    }

    /// `ftctl -o json jobs list` works like `ftctl jobs list -o json`: global options written
    /// before the subcommand are moved after it, where the parser looks for them.
    static func reorderGlobalOptions(_ args: [String]) -> [String] {
        var leading: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            let name = a.split(separator: "=", maxSplits: 1).first.map(String.init) ?? a
            if GlobalFlags.flagOptions.contains(a) {
                leading.append(a); i += 1
            } else if GlobalFlags.valueOptions.contains(name) {
                leading.append(a)
                if !a.contains("="), i + 1 < args.count { leading.append(args[i + 1]); i += 1 }
                i += 1
            } else {
                break
            }
        }
        guard !leading.isEmpty, i < args.count else { return args }
        return Array(args[i...]) + leading
    }
}
