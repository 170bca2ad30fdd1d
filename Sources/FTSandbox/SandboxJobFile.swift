import FTCore
import Foundation

/// Jobs kept in `--data-dir/jobs`, one JSON file each, written whenever a job changes. A job's
/// state is a function of its clock, so saving the clock (anchor, banked time, override) is
/// enough: after a restart the job goes on where real time has taken it, with the same events.
enum SandboxJobFile {
    static func directory(_ dataDir: String) -> String { dataDir + "/jobs" }

    static func save(_ job: SandboxJob, to dataDir: String) {
        let dir = directory(dataDir)
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // Atomic, so a sandbox killed mid-write leaves the previous state, never half a file.
        try? job.stored.data.write(to: URL(fileURLWithPath: dir + "/" + job.id + ".json"), options: .atomic)
    }

    static func remove(_ id: String, from dataDir: String) {
        try? FileManager.default.removeItem(atPath: directory(dataDir) + "/" + id + ".json")
    }

    /// Every readable job, oldest first; a file that does not read as a job is skipped.
    static func load(from dataDir: String) -> [SandboxJob] {
        let dir = directory(dataDir)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasSuffix(".json") }
            .compactMap { FileManager.default.contents(atPath: dir + "/" + $0).flatMap(JSONValue.parse).flatMap(SandboxJob.init(stored:)) }
            .sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }
}

extension SandboxJob {
    private static func time(_ d: Date?) -> JSONValue { d.map { .double($0.timeIntervalSince1970) } ?? .null }
    private static func date(_ v: JSONValue?) -> Date? { v?.double.map { Date(timeIntervalSince1970: $0) } }

    var stored: JSONValue {
        let actions: [JSONValue] = actionEvents.map {
            .object(JSONObject([("virtual", .double($0.virtual)), ("real", Self.time($0.real)), ("level", .string($0.level)),
                                ("message", .string($0.message))]))
        }
        return .object(JSONObject([
            ("id", .string(id)), ("dialect", .string(surface.rawValue)), ("model", .string(model)), ("name", JSONValue(name)),
            ("description", JSONValue(description)), ("training_file", .string(trainingFile)),
            ("validation_file", JSONValue(validationFile)), ("suffix", JSONValue(suffix)), ("seed", JSONValue(seed)),
            ("metadata", metadata), ("hyperparameters", .object(hyperparameters)), ("method", method),
            ("integrations", integrations), ("tags", tags), ("from_checkpoint", fromCheckpoint),
            ("created_at", Self.time(createdAt)), ("examples", .int(Int64(examples))),
            ("tokens_per_epoch", .int(Int64(tokensPerEpoch))), ("epochs", .int(Int64(epochs))),
            ("total_steps", .int(Int64(totalSteps))),
            ("failure", failure.map { .object(JSONObject([("code", .string($0.code)), ("message", .string($0.message))])) } ?? .null),
            ("banked", .double(banked)), ("anchor", Self.time(anchor)), ("override", JSONValue(override?.rawValue)),
            ("override_at", Self.time(overrideAt)), ("started_at_real", Self.time(startedAtReal)),
            ("action_events", .array(actions)), ("restarts", .int(Int64(restarts))),
            ("events_per_step", .int(Int64(eventsPerStep))), ("fail_at_step", JSONValue(failAtStep)),
        ]))
    }

    init?(stored j: JSONValue) {
        guard let id = j["id"]?.string, let surface = j["dialect"]?.string.flatMap(EmulatedSurface.init(rawValue:)),
              let model = j["model"]?.string, let training = j["training_file"]?.string,
              let created = Self.date(j["created_at"]), let steps = j["total_steps"]?.int, steps > 0 else { return nil }
        self.init(id: id, surface: surface, model: model, trainingFile: training, createdAt: created,
                  examples: j["examples"]?.int ?? 0, tokensPerEpoch: j["tokens_per_epoch"]?.int ?? 0,
                  epochs: max(1, j["epochs"]?.int ?? 1), totalSteps: steps)
        name = j["name"]?.string
        description = j["description"]?.string
        validationFile = j["validation_file"]?.string
        suffix = j["suffix"]?.string
        seed = j["seed"]?.int
        metadata = j["metadata"] ?? .null
        hyperparameters = j["hyperparameters"]?.object ?? JSONObject()
        method = j["method"] ?? .null
        integrations = j["integrations"] ?? .null
        tags = j["tags"] ?? .null
        fromCheckpoint = j["from_checkpoint"] ?? .null
        if let f = j["failure"], let code = f["code"]?.string, let message = f["message"]?.string { failure = (code, message) }
        banked = j["banked"]?.double ?? 0
        anchor = Self.date(j["anchor"])
        override = j["override"]?.string.map(JobStatus.init(rawValue:))
        overrideAt = Self.date(j["override_at"])
        startedAtReal = Self.date(j["started_at_real"])
        actionEvents = (j["action_events"]?.array ?? []).compactMap { a in
            guard let v = a["virtual"]?.double, let real = Self.date(a["real"]) else { return nil }
            return (v, real, a["level"]?.string ?? "info", a["message"]?.string ?? "")
        }
        restarts = j["restarts"]?.int ?? 0
        eventsPerStep = max(0, j["events_per_step"]?.int ?? 0)
        failAtStep = j["fail_at_step"]?.int
    }
}
