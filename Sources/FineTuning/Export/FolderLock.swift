import FTCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock` on `<folder>/.ftctl.lock` for as long as the value lives. Two exports into
/// one folder would each remove the other's temporary files and overwrite its manifest; the second
/// is refused instead. The kernel drops the lock when the process ends, a crash included, so a
/// killed export never blocks the next one.
final class FolderLock: Sendable {
    static let name = ".ftctl.lock"
    private let fd: Int32

    init(folder: String) throws {
        let path = folder + "/" + Self.name
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw FTError(.io, what: "lock \(folder)", why: String(cString: strerror(errno)), hint: "Check the folder's permissions.")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let failure = errno
            close(fd)
            if failure == EWOULDBLOCK {
                throw FTError(.io, what: folder, why: "another ftctl export is writing this folder",
                              hint: "Wait for it to finish (a later run resumes where it stopped), or export into another folder.")
            }
            throw FTError(.io, what: "lock \(folder)", why: String(cString: strerror(failure)), hint: "Check the folder's file system.")
        }
        self.fd = fd
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
