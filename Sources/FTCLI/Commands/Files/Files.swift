import ArgumentParser
import FineTuning
import Foundation

struct Files: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files",
        abstract: "Upload, list, inspect, download and delete training files.",
        subcommands: [FilesUpload.self, FilesList.self, FilesGet.self, FilesDelete.self, FilesDownload.self])
}
