import Foundation

/// A request body. Files are streamed by the transport, never loaded whole.
public enum HTTPBody: Sendable, Equatable {
    case empty
    case data(Data)
    /// Pieces sent back to back: how multipart bodies and upload parts stream from disk.
    case segments([BodySegment])

    public static func json(_ value: JSONValue) -> HTTPBody { .data(Data(value.serialized().utf8)) }

    /// The whole of a file, streamed.
    public static func file(_ path: String) throws -> HTTPBody {
        .segments([try BodySegment.file(path)])
    }

    public var contentLength: Int64 {
        switch self {
        case .empty: return 0
        case .data(let d): return Int64(d.count)
        case .segments(let s): return s.reduce(0) { $0 + $1.length }
        }
    }

    /// The body as bytes when it is held in memory (for tracing and tests); nil for file-backed bodies.
    public var inMemoryData: Data? {
        switch self {
        case .empty: return Data()
        case .data(let d): return d
        case .segments(let segments):
            var out = Data()
            for s in segments {
                guard case .data(let d) = s else { return nil }
                out.append(d)
            }
            return out
        }
    }
}

public enum BodySegment: Sendable, Equatable {
    case data(Data)
    case fileRange(path: String, offset: Int64, length: Int64)

    public var length: Int64 {
        switch self {
        case .data(let d): return Int64(d.count)
        case .fileRange(_, _, let n): return n
        }
    }

    /// A whole file; fails with `fileMissing` naming the path when it cannot be read.
    public static func file(_ path: String) throws -> BodySegment {
        let size = try FileInfo.size(of: path)
        return .fileRange(path: path, offset: 0, length: size)
    }
}

public enum FileInfo {
    public static func size(of path: String) throws -> Int64 {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw FTError(.fileMissing, what: "read \(path)", why: "no such file", hint: "Check the path.")
        }
        guard !isDir.boolValue else {
            throw FTError(.fileMissing, what: "read \(path)", why: "it is a directory", hint: "Name a file.")
        }
        guard FileManager.default.isReadableFile(atPath: path),
              let attrs = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attrs[.size] as? NSNumber)?.int64Value else {
            throw FTError(.fileMissing, what: "read \(path)", why: "permission denied", hint: "Check the file's permissions.")
        }
        return size
    }
}
