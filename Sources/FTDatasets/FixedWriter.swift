import FTCore
import Foundation

/// Writes the corrected copy through `OutputFile` (a regular file appears only when everything was
/// written; a device or FIFO gets the lines as they come), a megabyte at a time. Refuses to write
/// over the input file.
final class FixedWriter {
    let destination: String
    private let output: OutputFile
    private var buffer: [UInt8] = []
    private let flushAt = 1 << 20
    private(set) var linesWritten = 0

    init(destination: String, input: String) throws {
        var inputStat = stat(), outStat = stat()
        if stat(input, &inputStat) == 0, stat(destination, &outStat) == 0, outStat.st_mode & S_IFMT == S_IFREG,
           inputStat.st_dev == outStat.st_dev, inputStat.st_ino == outStat.st_ino {
            throw FTError(.usage, what: "write the fixed copy to \(destination)", why: "it is the input file",
                          hint: "Give --write-fixed another path.")
        }
        output = try OutputFile(destination)
        self.destination = destination
        buffer.reserveCapacity(flushAt + 4096)
    }

    /// Appends one line and a newline.
    func writeLine(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        buffer.append(0x0A)
        linesWritten += 1
        if buffer.count >= flushAt { try flush() }
    }

    private func flush() throws {
        try buffer.withUnsafeBytes { try output.write($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is left and puts the copy in place.
    func commit() throws {
        try flush()
        try output.commit()
    }

    /// Leaves the destination as it was (the temporary file is removed).
    func abandon() {
        output.discard()
    }
}
