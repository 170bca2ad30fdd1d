import FineTuning
import Foundation

/// `jobs delete` and `files delete`: the request is built first (an unsupported provider fails
/// before anyone is asked), then confirmed, sent, and noted on stderr.
enum DeleteRunner {
    static func run(_ noun: String, id: String, yes: Bool, global: GlobalFlags,
                    endpoint: (FTClient) throws -> Endpoint<Void>) async throws {
        let session = try Session(global)
        let client = try session.client()
        let request = try endpoint(client)
        try Confirm.ask("Delete \(noun) \(id)?", yes: yes, session: session)
        try await client.send(request)
        if !global.quiet { session.note("deleted \(noun) \(id)") }
    }
}
