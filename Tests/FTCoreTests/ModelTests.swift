import FTCore
import Foundation
import Testing

@Suite("normalized model, error bodies, redaction, durations")
struct ModelTests {
    @Test(arguments: [
        ("completed", "succeeded"), ("CANCELLED", "cancelled"), ("canceled", "cancelled"), ("in_progress", "running"),
        ("validating_files", "validating_files"), ("deployed", "deployed"), ("warming_up", "warming_up"),
    ])
    func statusWordsNormalize(word: String, expected: String) {
        #expect(JobStatus.normalize(word).rawValue == expected)
    }

    @Test func terminalStatuses() {
        #expect(JobStatus.succeeded.isTerminal && JobStatus.failed.isTerminal && JobStatus.stopped.isTerminal)
        #expect(!JobStatus.running.isTerminal && !JobStatus(rawValue: "warming_up").isTerminal)
    }

    @Test(arguments: [
        (#"{"error":{"message":"Invalid file","type":"invalid_request_error","param":"training_file","code":null}}"#, "Invalid file (param: training_file)"),
        (#"{"detail":[{"loc":["body","hyperparameters","n_epochs"],"msg":"ensure this value is less than 50","type":"value_error"}]}"#, "hyperparameters.n_epochs: ensure this value is less than 50"),
        (#"{"detail":"Not authenticated"}"#, "Not authenticated"),
        (#"{"status":"failure","message":"Either x-portkey-config or x-portkey-provider header is required"}"#, "Either x-portkey-config or x-portkey-provider header is required"),
        (#"{"success":false,"error":{"code":"FORBIDDEN","message":"Missing scope fine-tuning:write"}}"#, "Missing scope fine-tuning:write (FORBIDDEN)"),
        ("upstream connect error", "upstream connect error"),
    ])
    func providerErrorBodiesReadAsOneSentence(body: String, expected: String) {
        #expect(ProviderErrorBody.message(in: Data(body.utf8)) == expected)
    }

    @Test func anHTMLErrorPageIsNotQuoted() {
        #expect(ProviderErrorBody.message(in: Data("<html><body>502</body></html>".utf8)) == nil)
    }

    @Test func jobJSONKeepsNullsAndOrder() {
        let job = Job(id: "j1", provider: "openai", status: .running, hyperparameters: JSONObject([("epochs", 3), ("lora_r", 8)]))
        let text = job.json.serialized()
        #expect(text.hasPrefix(#"{"id":"j1","provider":"openai","name":null,"model":null,"status":"running","created_at":null"#))
        #expect(text.contains(#""hyperparameters":{"epochs":3,"learning_rate":null,"batch_size":null,"lora_r":8}"#))
        #expect(text.hasSuffix(#""error":null,"metadata":null}"#))
    }

    @Test func jsonWriterEscapesAndPrintsNumbersPlainly() {
        let v: JSONValue = ["s": "a\"b\\c\n\u{01}", "d": 0.0002, "i": 3, "big": 1e300, "whole": 2.0]
        #expect(v.serialized() == #"{"s":"a\"b\\c\n\u0001","d":0.0002,"i":3,"big":1e+300,"whole":2}"#)
        #expect(JSONValue.parse(Data(v.serialized().utf8)) == v || JSONValue.parse(Data(v.serialized().utf8))?["whole"] == 2)
    }

    @Test func redactorMasksSecretsEverywhere() {
        var r = Redactor(secrets: ["sk-live-abcdef"])
        r.add("hf_token_xyz")
        #expect(r.redact("key sk-live-abcdef and hf_token_xyz") == "key [REDACTED] and [REDACTED]")
        let h = r.redact(headers: ["Authorization": "Bearer other", "X-Portkey-Api-Key": "pk", "X-Note": "sk-live-abcdef"])
        #expect(h["Authorization"] == "[REDACTED]")
        #expect(h["x-portkey-api-key"] == "[REDACTED]")
        #expect(h["X-Note"] == "[REDACTED]")
        let body: JSONValue = ["integrations": [["wandb": ["api_key": "w-123", "project": "p"]]], "from_checkpoint": ["token": "t"]]
        let masked = r.redact(json: body)
        #expect(masked.lookup(path: "integrations.0.wandb.api_key") == "[REDACTED]")
        #expect(masked.lookup(path: "integrations.0.wandb.project") == "p")
        #expect(masked.lookup(path: "from_checkpoint.token") == "[REDACTED]")
    }

    @Test(arguments: [("90s", 90.0), ("15m", 900), ("2h", 7200), ("1d", 86400), ("45", 45), ("250ms", 0.25)])
    func durations(text: String, seconds: Double) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test func badDurations() {
        #expect(DurationText.seconds("soon") == nil)
        #expect(DurationText.seconds("-5s") == nil)
        #expect(DurationText.seconds("") == nil)
    }

    @Test func timesReadFromUnixSecondsAndISO8601() {
        #expect(RFC3339.date(from: 1_721_764_800).map(RFC3339.format) == "2024-07-23T20:00:00Z")
        #expect(RFC3339.date(from: "2025-02-01T10:00:00Z").map(RFC3339.format) == "2025-02-01T10:00:00Z")
        #expect(RFC3339.date(from: "2025-02-01T10:00:00.123Z").map(RFC3339.format) == "2025-02-01T10:00:00Z")
        #expect(RFC3339.date(from: "2025-02-01T10:00:00").map(RFC3339.format) == "2025-02-01T10:00:00Z")
        #expect(RFC3339.date(from: "yesterday") == nil)
        #expect(RFC3339.date(from: .bool(true)) == nil)
    }
}
