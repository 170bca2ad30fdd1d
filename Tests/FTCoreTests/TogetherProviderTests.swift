import FTCore
import FTProviders
import FineTuning
import Foundation
import Testing

/// The Together adapter on its own: how Together's words, prices and times read, and which create
/// fields it refuses before anything is sent.
@Suite("together adapter")
struct TogetherProviderTests {
    let provider = TogetherProvider(baseURL: "https://api.together.xyz/v1")

    /// The job of research note §11.2, from openapi.yaml's FinetuneResponse and the SDKs' models.
    static func job(status: String, totalPrice: Int64 = 0, events: JSONValue = []) -> HTTPResponse {
        let j: JSONValue = [
            "id": "ft-3b1c6f0e-8a55-4c1e-9a43-2f0e7d9c1a10", "status": .string(status), "created_at": "2026-05-01T12:00:00.000Z",
            "updated_at": "2026-05-01T13:00:00.000Z", "model": "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference",
            "model_output_name": "acme/Meta-Llama-3.1-8B-Instruct-Reference-x", "training_file": "file-1", "validation_file": "",
            "n_epochs": 2, "batch_size": 8, "learning_rate": 0.00001, "total_price": .int(totalPrice), "token_count": 1000,
            "training_type": ["type": "Lora", "lora_r": 16, "lora_alpha": 32], "training_method": ["method": "dpo", "dpo_beta": 0.1],
            "steps_completed": 5, "total_steps": 10, "events": events,
        ]
        return HTTPResponse(status: 200, body: Data(j.serialized().utf8))
    }

    @Test(arguments: [("pending", "queued"), ("queued", "queued"), ("running", "running"), ("compressing", "running"),
                      ("uploading", "running"), ("cancel_requested", "cancelling"), ("cancelled", "cancelled"),
                      ("error", "failed"), ("user_error", "failed"), ("completed", "succeeded"), ("new_word", "new_word")])
    func statusWordsMapOntoTheContract(word: String, status: String) throws {
        let job = try provider.getJob("ft-1").decode(Self.job(status: word))
        #expect(job.status.rawValue == status)
        #expect(job.finishedAt == (job.status.isTerminal ? RFC3339.parse("2026-05-01T13:00:00Z") : nil))
    }

    @Test func totalPriceIsNanoDollarsAndBecomesTheActualCost() throws {
        let job = try provider.getJob("ft-1").decode(Self.job(status: "completed", totalPrice: 4_200_000_000))
        #expect(job.costUSD == Decimal(string: "4.2"))
        #expect(SpendReport.actualUSD(job) == Decimal(string: "4.2"))
        #expect(job.fineTunedModel == "acme/Meta-Llama-3.1-8B-Instruct-Reference-x")
        #expect(job.hyperparameters["epochs"] == 2 && job.hyperparameters["method"] == "dpo" && job.hyperparameters["lora_r"] == 16)
        #expect(job.progress == Job.Progress(step: 5, totalSteps: 10))
        #expect(job.validationFile == nil)
    }

    @Test func aFailedJobSaysWhyFromItsLastErrorEvent() throws {
        let events: JSONValue = [["object": "fine-tune-event", "level": "info", "message": "started", "type": "JOB_START"],
                                 ["object": "fine-tune-event", "level": "Error", "message": "dataset has no assistant turns", "type": "JOB_ERROR"]]
        let job = try provider.getJob("ft-1").decode(Self.job(status: "user_error", events: events))
        #expect(job.error == Job.Failure(code: "user_error", message: "dataset has no assistant turns"))
    }

    @Test func metricsReadTheirSlashedNames() throws {
        let body: JSONValue = ["metrics": [["train/loss": 0.5, "train/learning_rate": 0.0001, "train/global_step": 7, "eval/loss": 0.6],
                                           ["train/loss": 0.45]]]
        let rows = try provider.jobMetrics("ft-1").decode(HTTPResponse(status: 200, body: Data(body.serialized().utf8)))
        #expect(rows.map(\.json) == [["step": 7, "train_loss": 0.5, "learning_rate": 0.0001, "valid_loss": 0.6]])
    }

    @Test func anotherProvidersJobIDIsRefusedUnsent() {
        #expect(throws: FTError.self) { try provider.getJob("ftjob-abc") }
        #expect(throws: FTError.self) { try provider.perform(.cancel, jobID: "ftjob-abc") }
        #expect((try? provider.perform(.pause, jobID: "ft-1")) == nil)
    }

    func body(_ spec: JobSpec) throws -> JSONValue? {
        try provider.createJob(spec).request.body.inMemoryData.flatMap(JSONValue.parse)
    }

    @Test func loraAndMethodReadAsTogethersObjects() throws {
        var spec = JobSpec(model: "m", trainingFile: "file-1")
        spec[.loraR] = 8
        #expect(try body(spec)?["training_type"] == ["type": "Lora", "lora_r": 8, "lora_alpha": 16])
        spec[.lora] = false
        #expect(throws: FTError.self) { try body(spec) }
        spec[.loraR] = nil
        #expect(try body(spec)?["training_type"] == ["type": "Full"])
        // --lora alone leaves the type to the server, whose default is LoRA.
        spec[.lora] = true
        #expect(try body(spec)?["training_type"] == nil)
        spec[.method] = "dpo"
        spec[.beta] = 0.3
        #expect(try body(spec)?["training_method"] == ["method": "dpo", "dpo_beta": 0.3])
        spec[.trainOnInputs] = "true"
        #expect(throws: FTError.self) { try body(spec) }
    }

    @Test func fieldsTogetherLacksAreRefusedByName() {
        for field in [JobField.learningRateMultiplier, .metadata, .warmupSteps, .hardware] {
            var spec = JobSpec(model: "m", trainingFile: "file-1")
            spec[field] = field == .metadata ? ["k": "v"] : 2
            do {
                _ = try provider.createJob(spec)
                Issue.record("\(field) was accepted")
            } catch let e as FTError {
                #expect(e.what == field.flag && e.why.contains("together"))
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test func wandbGoesInTogethersFlatKeys() throws {
        var spec = JobSpec(model: "m", trainingFile: "file-1")
        spec[.integrations] = [try Integration.parse("wandb:project=p,name=n", environment: ["WANDB_API_KEY": "k"])]
        let b = try body(spec)
        #expect(b?["wandb_project_name"] == "p" && b?["wandb_name"] == "n" && b?["wandb_api_key"] == "k" && b?["integrations"] == nil)
        spec[.integrations] = [try Integration.parse("wandb:project=p", environment: [:])]
        #expect(throws: FTError.self) { try body(spec) }
    }
}
