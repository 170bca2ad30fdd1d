import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// A multipart/form-data request body, read as it streams in.
struct ReceivedForm {
    var fields: [String: String] = [:]
    var files: [String: (filename: String, data: Data)] = [:]

    /// nil when the request is not multipart or is malformed.
    static func read(_ request: Request) async throws -> ReceivedForm? {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data"),
              let range = type.range(of: "boundary=") else { return nil }
        var boundary = String(type[range.upperBound...])
        if let semi = boundary.firstIndex(of: ";") { boundary = String(boundary[..<semi]) }
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        let collector = Collector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.header(name, value) }
        parser.onBody = { buffer in collector.data.append(contentsOf: buffer.readableBytesView) }
        parser.onPartComplete = { collector.finishPart() }
        do {
            for try await chunk in request.body { try parser.execute(chunk) }
        } catch {
            return nil
        }
        return collector.form
    }

    private final class Collector {
        var form = ReceivedForm()
        var name: String?
        var filename: String?
        var data = Data()

        func header(_ name: String, _ value: String) {
            guard name.lowercased() == "content-disposition" else { return }
            self.name = Self.parameter("name", in: value)
            filename = Self.parameter("filename", in: value)
        }

        func finishPart() {
            if let name {
                if let filename { form.files[name] = (filename, data) } else { form.fields[name] = String(decoding: data, as: UTF8.self) }
            }
            name = nil
            filename = nil
            data = Data()
        }

        static func parameter(_ key: String, in header: String) -> String? {
            for piece in header.split(separator: ";") {
                let kv = piece.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1).map(String.init)
                if kv.count == 2, kv[0].lowercased() == key { return kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            }
            return nil
        }
    }
}
