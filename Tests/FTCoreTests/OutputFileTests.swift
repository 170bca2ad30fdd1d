import FTCLI
import FTCore
import FTTestSupport
import Foundation
import Testing

/// `OutputFile`, one test per kind of target, and the commands that write through it.
@Suite("writing to a path as curl -o and cp do")
struct OutputFileTests {
    /// A private folder, removed at the end.
    final class Folder {
        let path = NSTemporaryDirectory() + "ftctl-out-\(UUID().uuidString)"
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        subscript(name: String) -> String { path + "/" + name }
        var names: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
    }

    static func write(_ text: String, to file: OutputFile) throws {
        try Array(text.utf8).withUnsafeBytes { try file.write($0) }
    }

    static func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    static func kind(_ path: String, following: Bool = true) -> mode_t {
        var info = stat()
        guard (following ? stat(path, &info) : lstat(path, &info)) == 0 else { return 0 }
        return info.st_mode & S_IFMT
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
    }

    @Test func aRegularFileIsReplacedWholeAndKeepsItsMode() throws {
        let folder = Folder()
        let path = folder["data.jsonl"]
        try OutputFile.write(Data("old\n".utf8), to: path)
        chmod(path, 0o640)
        let file = try OutputFile(path)
        try Self.write("new, first half\n", to: file)
        // Until the commit, the name still holds the old content, whole.
        #expect(Self.read(path) == "old\n")
        try Self.write("second half\n", to: file)
        try file.commit()
        #expect(Self.read(path) == "new, first half\nsecond half\n")
        #expect(Self.mode(path) == 0o640)
        #expect(folder.names == ["data.jsonl"])
    }

    @Test func aWriterThatFailsMidwayLeavesTheOldContentAndNoTemporaryFile() throws {
        let folder = Folder()
        let path = folder["data.jsonl"]
        try OutputFile.write(Data("old\n".utf8), to: path)
        do {
            let file = try OutputFile(path)
            try Self.write("half of the new", to: file)
            // The writer dies here without a commit (an error, Ctrl-C unwinding).
        }
        #expect(Self.read(path) == "old\n")
        #expect(folder.names == ["data.jsonl"])
    }

    @Test func aNewFileGetsItsModeLessTheUmaskOrStaysPrivate() throws {
        let folder = Folder()
        try OutputFile.write(Data("x".utf8), to: folder["public"])
        try OutputFile.write(Data("y".utf8), to: folder["private"], newMode: 0o600)
        #expect(Self.read(folder["public"]) == "x")
        #expect(Self.mode(folder["public"]) & 0o600 == 0o600)
        #expect(Self.mode(folder["private"]) == 0o600)
        #expect(folder.names == ["private", "public"])
    }

    @Test func aSymbolicLinkStaysALinkAndItsTargetGetsTheContent() throws {
        let folder = Folder()
        try FileManager.default.createDirectory(atPath: folder["real"], withIntermediateDirectories: true)
        try OutputFile.write(Data("old".utf8), to: folder["real/target"])
        // A chain, relative links resolved from their own folder.
        symlink("real/target", folder["first"])
        symlink("first", folder["second"])
        try OutputFile.write(Data("through the chain".utf8), to: folder["second"])
        #expect(Self.kind(folder["second"], following: false) == S_IFLNK)
        #expect(Self.kind(folder["first"], following: false) == S_IFLNK)
        #expect(Self.read(folder["real/target"]) == "through the chain")
        #expect(folder.names == ["first", "real", "second"])
        // A link to what does not exist yet: the target is made, the link kept.
        symlink(folder["real/new"], folder["dangling"])
        try OutputFile.write(Data("made".utf8), to: folder["dangling"])
        #expect(Self.kind(folder["dangling"], following: false) == S_IFLNK)
        #expect(Self.read(folder["real/new"]) == "made")
    }

    @Test func devNullStaysACharacterDevice() throws {
        let file = try OutputFile("/dev/null")
        try Self.write("discarded", to: file)
        try file.commit()
        #expect(Self.kind("/dev/null") == S_IFCHR)
    }

    @Test func aFIFOIsWrittenDirectlyToItsReader() async throws {
        let folder = Folder()
        let fifo = folder["pipe"]
        try #require(mkfifo(fifo, 0o600) == 0)
        let text = String(repeating: "line through the pipe\n", count: 10_000)
        // The reader blocks in open until the writer comes, then reads to the end.
        let received = Task.detached { try await offPool { FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() } }
        try await offPool {
            let file = try OutputFile(fifo)
            try Self.write(text, to: file)
            try file.commit()
        }
        #expect(try await received.value == Data(text.utf8))
        #expect(Self.kind(fifo) == S_IFIFO)
        #expect(folder.names == ["pipe"])
    }

    @Test func aSocketIsNeverReplaced() throws {
        let folder = Folder()
        let path = folder["sock"]
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        // Opened directly, as cp would: a socket cannot be opened, and it stays a socket.
        #expect(throws: FTError.self) { try OutputFile(path) }
        #expect(Self.kind(path) == S_IFSOCK)
    }

    @Test func aDirectoryIsAUsageErrorNamingIt() throws {
        let folder = Folder()
        let error = #expect(throws: FTError.self) { try OutputFile(folder.path) }
        #expect(error?.code == .usage)
        #expect(error?.what == "write \(folder.path)")
        #expect(error?.why == "it is a directory")
        #expect(folder.names.isEmpty)
    }
}

/// The commands that write files, run in-process: each kind of target through the real command.
@Suite("commands that write files: download -O and validate --write-fixed")
struct OutputCommandTests {
    typealias Folder = OutputFileTests.Folder

    static func dataset(_ folder: Folder) throws -> String {
        let lines = (0..<12).map { #"{"messages":[{"role":"user","content":"q\#($0)"},{"role":"assistant","content":"a"}]}"# }
        let path = folder["in.jsonl"]
        try OutputFile.write(Data((lines.joined(separator: "\n") + "\n").utf8), to: path)
        return path
    }

    @Test func devNullStaysACharacterDeviceAfterADownloadAndAFixedCopy() async throws {
        let (code, out) = await ArgumentSweepTests.run(["files", "download", "file-1", "-O", "/dev/null"])
        #expect(code == 0, "\(out.stderr)")
        #expect(OutputFileTests.kind("/dev/null") == S_IFCHR)
        let folder = Folder()
        let (fixed, said) = await ArgumentSweepTests.run(["validate", try Self.dataset(folder), "--write-fixed", "/dev/null"])
        #expect(fixed == 0, "\(said.stderr)")
        #expect(OutputFileTests.kind("/dev/null") == S_IFCHR)
        #expect(folder.names == ["in.jsonl"])
    }

    @Test func aDownloadThroughALinkWritesItsTarget() async throws {
        let folder = Folder()
        symlink(folder["target"], folder["link"])
        let (code, out) = await ArgumentSweepTests.run(["files", "download", "file-1", "-O", folder["link"]])
        #expect(code == 0, "\(out.stderr)")
        #expect(OutputFileTests.kind(folder["link"], following: false) == S_IFLNK)
        #expect(FileManager.default.contents(atPath: folder["target"]) == Data(AnswerEverything.content.utf8))
    }

    @Test func aDownloadDashIsStdout() async throws {
        let (code, out) = await ArgumentSweepTests.run(["files", "download", "file-1", "-O", "-"])
        #expect(code == 0, "\(out.stderr)")
        #expect(out.stdoutBytes == Data(AnswerEverything.content.utf8))
    }

    @Test func aDownloadCutShortLeavesTheOldFileWhole() async throws {
        let folder = Folder()
        let path = folder["file.jsonl"]
        try OutputFile.write(Data("old\n".utf8), to: path)
        let (code, out) = await Self.run(["files", "download", "file-1", "-O", path], transport: CutShort())
        #expect(code != 0)
        #expect(out.stderr.split(separator: "\n").count == 1, "\(out.stderr)")
        #expect(OutputFileTests.read(path) == "old\n")
        #expect(folder.names == ["file.jsonl"])
    }

    @Test func aDirectoryIsAOneLineUsageErrorAndNothingIsWritten() async throws {
        let folder = Folder()
        let (download, out) = await ArgumentSweepTests.run(["files", "download", "file-1", "-O", folder.path])
        #expect(download == 64)
        #expect(out.stderr == "ftctl: write \(folder.path): it is a directory. Give the path of a file.\n")
        #expect(folder.names.isEmpty)
        let input = try Self.dataset(folder)
        try FileManager.default.createDirectory(atPath: folder["out"], withIntermediateDirectories: false)
        let (fixed, said) = await ArgumentSweepTests.run(["validate", input, "--write-fixed", folder["out"]])
        #expect(fixed == 64)
        #expect(said.stderr.split(separator: "\n").count == 1, "\(said.stderr)")
        #expect(said.stderr.contains("it is a directory"))
        #expect(folder.names == ["in.jsonl", "out"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder["out"]).isEmpty)
    }

    /// A config kept in a dotfiles checkout and linked into place stays linked, and a new one is private.
    @Test func theConfigIsWrittenThroughItsLinkAndANewOneIsPrivate() throws {
        let folder = Folder()
        try FileManager.default.createDirectory(atPath: folder["dotfiles"], withIntermediateDirectories: true)
        let config = ConfigFile(currentProfile: "work", profiles: [("work", Profile())])
        try config.save(path: folder["dotfiles/ftctl.yaml"])
        #expect(OutputFileTests.mode(folder["dotfiles/ftctl.yaml"]) == 0o600)
        symlink(folder["dotfiles/ftctl.yaml"], folder["config.yaml"])
        try ConfigFile(currentProfile: "home", profiles: [("home", Profile())]).save(path: folder["config.yaml"])
        #expect(OutputFileTests.kind(folder["config.yaml"], following: false) == S_IFLNK)
        #expect(try ConfigFile.load(path: folder["dotfiles/ftctl.yaml"]).currentProfile == "home")
    }

    static func run(_ args: [String], transport: any HTTPTransport) async -> (Int32, Captured) {
        let captured = Captured()
        let context = CLIContext(environment: ["OPENAI_API_KEY": "k", "HOME": "/nonexistent", "FTCTL_CONFIG": "/nonexistent/c.yaml"],
                                 writeOut: { captured.write(out: $0) }, writeErr: { captured.write(err: $0) },
                                 writeOutBytes: { captured.write(outBytes: $0) }, stdoutIsTTY: false, stdinIsTTY: false,
                                 terminalWidth: nil, makeTransport: { _ in transport }, confirm: { _ in false })
        return (await FTCtl.run(arguments: args, context: context), captured)
    }
}

/// A download whose connection breaks after the first bytes reached the file.
struct CutShort: HTTPTransport {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if let sink = request.sink { try Array("the first half of".utf8).withUnsafeBytes { try sink.receive($0) } }
        throw FTError(.network, what: "download", why: "the connection was reset")
    }
}
