import Foundation

/// Builds a multipart/form-data body whose file parts stream from disk.
public struct MultipartForm: Sendable {
    public let boundary: String
    private var segments: [BodySegment] = []

    public init(boundary: String = "ftctl-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()) {
        self.boundary = boundary
    }

    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    public mutating func addField(_ name: String, _ value: String) {
        segments.append(.data(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quote(name))\"\r\n\r\n\(value)\r\n".utf8)))
    }

    public mutating func addFile(_ name: String, path: String, filename: String? = nil,
                                 contentType: String = "application/octet-stream") throws {
        let file = try BodySegment.file(path)
        addFile(name, segment: file, filename: filename ?? (path as NSString).lastPathComponent, contentType: contentType)
    }

    public mutating func addFile(_ name: String, segment: BodySegment, filename: String, contentType: String = "application/octet-stream") {
        segments.append(.data(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quote(name))\"; filename=\"\(Self.quote(filename))\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8)))
        segments.append(segment)
        segments.append(.data(Data("\r\n".utf8)))
    }

    public var body: HTTPBody {
        .segments(segments + [.data(Data("--\(boundary)--\r\n".utf8))])
    }

    private static func quote(_ s: String) -> String {
        s.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: "")
    }
}
