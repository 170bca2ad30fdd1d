import FTCore
import Foundation

/// A job as it was recorded, whatever holds the record: the provider itself, or an `ftctl export`
/// folder after the account is gone. Keeps the normalized job and the provider's raw object, and
/// where the export has them, the local copies of its files with their SHA-256.
public struct RecordedJob: Sendable {
    public var id: String
    public var provider: String
    /// The contract's normalized job (`Job.json`).
    public var normalized: JSONValue
    /// The provider's own object, when recorded.
    public var raw: JSONValue?
    /// File id → a local copy and its SHA-256 (an export's `files/`, verified by its manifest).
    public var localFiles: [String: (path: String, sha256: String)] = [:]

    public init(job: Job) {
        id = job.id
        provider = job.provider
        normalized = job.json
        raw = job.raw
    }

    public var model: String? { normalized["model"]?.string }
    public var trainingFile: String? { normalized["training_file"]?.string.flatMap { $0.isEmpty ? nil : $0 } }
    public var validationFile: String? { normalized["validation_file"]?.string.flatMap { $0.isEmpty ? nil : $0 } }

    /// The job `id` of the export in `directory`: `jobs/<id>/job.json`, and the files the manifest
    /// lists for it that are there with the size and SHA-256 it records.
    public static func fromExport(_ directory: String, id: String) throws -> RecordedJob {
        guard let manifestData = FileManager.default.contents(atPath: directory + "/" + ExportManifest.name) else {
            throw FTError(.notFound, what: directory, why: "has no \(ExportManifest.name), so it is not an ftctl export",
                          hint: "Name the folder `ftctl export DIR` wrote.")
        }
        guard let manifest = ExportManifest.read(manifestData) else {
            throw FTError(.invalidData, what: directory + "/" + ExportManifest.name, why: "is not an ftctl export manifest",
                          hint: "Run `ftctl export` into that folder again to rebuild it.")
        }
        let jobPath = "jobs/" + ExportManifest.component(id) + "/job.json"
        guard manifest.jobs[id] != nil || manifest.files[jobPath] != nil,
              let data = FileManager.default.contents(atPath: directory + "/" + jobPath) else {
            throw FTError(.notFound, what: "job \(id)", why: "is not in the export at \(directory)",
                          hint: "`ls \(directory)/jobs` lists the exported jobs.")
        }
        guard let object = JSONValue.parse(data), let job = object["job"], job["id"]?.string == id else {
            throw FTError(.invalidData, what: directory + "/" + jobPath, why: "does not hold job \(id) as ftctl export writes it",
                          hint: "Export the job again (`ftctl export --job \(id) \(directory)`), if the account still has it.")
        }
        var recorded = RecordedJob(id: id, provider: manifest.provider, normalized: job, raw: object["raw"].flatMap { $0.isNull ? nil : $0 })
        for fileID in [recorded.trainingFile, recorded.validationFile].compactMap({ $0 }) {
            if let (path, sha) = manifest.verifiedFile(id: fileID, in: directory) { recorded.localFiles[fileID] = (directory + "/" + path, sha) }
        }
        return recorded
    }

    init(id: String, provider: String, normalized: JSONValue, raw: JSONValue?) {
        self.id = id
        self.provider = provider
        self.normalized = normalized
        self.raw = raw
    }
}
