/// Whether the parse under way may skip the parser's look for a completion-script request
/// (`FTCtl.parseCommand`). A task-local, so another invocation in the same process (a Swift
/// program running several, the tests) still sees the usual configuration.
enum CompletionRequestCheck {
    @TaskLocal static var skipped = false

    /// Arguments that name neither the completion-script nor the help-dump option, so the look
    /// would find nothing.
    static func canSkip(_ arguments: [String]) -> Bool {
        !arguments.contains { $0.hasPrefix("--generate-completion-script") || $0.hasPrefix("--experimental-dump-help") }
    }
}
