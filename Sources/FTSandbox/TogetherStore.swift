import Foundation

/// Together's three-step upload (together 3.1.1 `lib/resources/files.py` UploadManager): an id is
/// handed out with the upload URL, the bytes arrive there, and `/preprocess` makes the file.
extension SandboxStore {
    func reserveUpload(filename: String, purpose: String) -> String {
        let id = uuidID("file-")
        signedUploads[id] = (filename, purpose, nil)
        return id
    }

    /// False when no upload waits under this id.
    func receiveUpload(_ id: String, data: Data) -> Bool {
        guard let u = signedUploads[id] else { return false }
        signedUploads[id] = (u.filename, u.purpose, data)
        return true
    }

    /// The file, made once its bytes are in; a second call answers the same file.
    func finishUpload(_ id: String) -> StoredFile? {
        if let done = file(id) { return done }
        guard let u = signedUploads[id], let data = u.data else { return nil }
        signedUploads[id] = nil
        return addFile(filename: u.filename, purpose: u.purpose, content: data, id: id)
    }
}
