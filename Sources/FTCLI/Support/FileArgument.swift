import FTCore
import Foundation

/// `--training-file` and `--validation-file`: a local path is uploaded first, anything else is an id.
enum FileArgument {
    static func resolve(_ value: String, flag: String, client: FTClient, session: Session) async throws -> String {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: value, isDirectory: &isDir), !isDir.boolValue else { return value }
        let file = try await FileDigest.uploader(client, session: session).upload(path: value, purpose: "fine-tune")
        session.note("uploaded \(value) as \(file.id)")
        return file.id
    }
}
