import FineTuning
import Foundation

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
