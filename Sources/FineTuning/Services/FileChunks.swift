import FTCore
import Foundation

/// Reads a file a megabyte at a time, handing each chunk with its offset.
public enum FileChunks {
    public static func read(_ path: String, chunkSize: Int = 1 << 20,
                            _ body: (Int64, UnsafeRawBufferPointer) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FTError(.fileMissing, what: "read \(path)", why: "cannot open it", hint: "Check the path and its permissions.")
        }
        defer { try? handle.close() }
        var offset: Int64 = 0
        do {
            while let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty {
                try chunk.withUnsafeBytes { try body(offset, $0) }
                offset += Int64(chunk.count)
            }
        } catch let e as FTError {
            throw e
        } catch {
            throw FTError(.io, what: "read \(path)", why: "\(error)", hint: "Check the file.")
        }
    }
}
