import FineTuning
import Foundation

/// Everything a command touches outside itself: environment, output streams, terminal facts and
/// the transport. Injected as a task-local, so tests run commands in-process with their own.
public struct CLIContext: Sendable {
    public var environment: [String: String]
    public var writeOut: @Sendable (String) -> Void
    public var writeErr: @Sendable (String) -> Void
    /// Raw bytes to stdout (a downloaded file, which need not be text, and whose chunks may cut
    /// a character in two: so bytes, never decoded).
    public var writeOutBytes: @Sendable (UnsafeRawBufferPointer) throws -> Void
    public var stdoutIsTTY: Bool
    public var stdinIsTTY: Bool
    /// Progress bars and live status lines go to stderr, and only to a terminal.
    public var stderrIsTTY: Bool
    public var terminalWidth: Int?
    /// Columns of the terminal on stderr, when it is one.
    public var stderrWidth: Int?
    /// Runs the handler on Ctrl-C (SIGINT) instead of dying, until the returned closure is called.
    public var onInterrupt: @Sendable (@escaping @Sendable () -> Void) -> @Sendable () -> Void
    /// Builds the wire transport for resolved settings.
    public var makeTransport: @Sendable (Settings) -> any HTTPTransport
    /// Asks a yes/no question on the terminal; nil when there is nobody to ask.
    public var confirm: @Sendable (String) -> Bool
    /// The secrets of this invocation: everything printed is masked with them.
    public var secrets: SecretBook

    @TaskLocal public static var current: CLIContext = .live()

    public init(environment: [String: String], writeOut: @escaping @Sendable (String) -> Void,
                writeErr: @escaping @Sendable (String) -> Void,
                writeOutBytes: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void, stdoutIsTTY: Bool, stdinIsTTY: Bool,
                terminalWidth: Int?, makeTransport: @escaping @Sendable (Settings) -> any HTTPTransport,
                confirm: @escaping @Sendable (String) -> Bool, secrets: SecretBook = SecretBook(),
                stderrIsTTY: Bool = false, stderrWidth: Int? = nil,
                onInterrupt: @escaping @Sendable (@escaping @Sendable () -> Void) -> @Sendable () -> Void = { _ in {} }) {
        self.environment = environment
        self.writeOut = writeOut
        self.writeOutBytes = writeOutBytes
        self.writeErr = writeErr
        self.stdoutIsTTY = stdoutIsTTY
        self.stdinIsTTY = stdinIsTTY
        self.terminalWidth = terminalWidth
        self.makeTransport = makeTransport
        self.confirm = confirm
        self.secrets = secrets
        self.stderrIsTTY = stderrIsTTY
        self.stderrWidth = stderrWidth
        self.onInterrupt = onInterrupt
    }

    public static func live() -> CLIContext {
        let env = ProcessInfo.processInfo.environment
        let out = Terminal.isTTY(STDOUT_FILENO)
        let err = Terminal.isTTY(STDERR_FILENO)
        return CLIContext(
            environment: env,
            writeOut: { text in StandardStream.write(text, to: STDOUT_FILENO) },
            writeErr: { text in StandardStream.write(text, to: STDERR_FILENO) },
            writeOutBytes: { bytes in try FileHandle.standardOutput.write(contentsOf: Data(bytes)) },
            stdoutIsTTY: out,
            stdinIsTTY: Terminal.isTTY(STDIN_FILENO),
            terminalWidth: out ? Terminal.width(environment: env) : nil,
            makeTransport: { settings in
                CurlTransport(options: .init(timeout: settings.timeout, connectTimeout: settings.connectTimeout, caBundle: settings.caBundle))
            },
            confirm: { question in
                StandardStream.write("\(question) [y/N] ", to: STDERR_FILENO)
                guard let answer = readLine() else { return false }
                return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
            },
            stderrIsTTY: err, stderrWidth: err ? Terminal.width(fd: STDERR_FILENO, environment: env) : nil,
            onInterrupt: Interrupts.trap)
    }

    func out(_ text: String) { if !text.isEmpty { writeOut(text) } }
    func err(_ line: String) { writeErr(line.hasSuffix("\n") ? line : line + "\n") }
}

