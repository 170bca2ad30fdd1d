import Foundation
import Hummingbird
import NIOCore

/// Serves the files of one folder at `/NAME`, as a mirror of published files would.
public enum StaticFiles {
    public static func router(folder: String) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/:name") { _, context -> Response in
            let name = context.parameters.get("name") ?? ""
            guard !name.contains("/"), !name.hasPrefix("."),
                  let data = FileManager.default.contents(atPath: folder + "/" + name) else {
                return Response(status: .notFound)
            }
            return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        return router
    }

    /// `../shared/tokenizers` beside the repository (FTCTL_TOKENIZERS_DIR overrides).
    public static var tokenizersFolder: String {
        if let dir = ProcessInfo.processInfo.environment["FTCTL_TOKENIZERS_DIR"] { return dir }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/tokenizers").path
    }
}
