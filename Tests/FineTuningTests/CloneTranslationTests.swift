import FTCore
import Foundation
import Testing
@testable import FineTuning

/// The field table's translation of a recorded job for another provider, and the model suggestion.
@Suite("clone translation")
struct CloneTranslationTests {
    static func openAIJob(_ hyper: JSONObject, method: String = "supervised", extra: [(String, JSONValue)] = []) -> RecordedJob {
        var job = Job(id: "ftjob-1", provider: "openai", status: .succeeded, model: "gpt-4o-mini-2024-07-18", trainingFile: "file-1",
                      hyperparameters: hyper, metadata: JSONObject([("team", "ml"), (JobCreator.metadataKey, "ftctl-x")]))
        job.raw = .object(JSONObject([("method", .object(JSONObject([("type", .string(method))]))), ("seed", 7)] + extra))
        return RecordedJob(job: job)
    }

    @Test func aMultiplierBecomesTheTargetsRateAndBack() throws {
        let settings = RecordedSettings(Self.openAIJob(JSONObject([("epochs", 3), ("learning_rate_multiplier", 2.5)])))
        #expect(settings.values[.metadata] == .object(JSONObject([("team", "ml")])), "ftctl's own marker is not a setting")
        let toNebius = CloneTranslation(settings, from: "openai", to: .nebius)
        #expect(toNebius.values[.learningRate]?.double == 0.000025)
        #expect(toNebius.values[.learningRateMultiplier] == nil)
        #expect(toNebius.mapped.first?.contains("2.5 × nebius's default rate 1e-05") == true)
        #expect(toNebius.dropped.map(\.name) == ["metadata"], "Nebius's schema has no metadata")
        // And back: an absolute rate from Nebius becomes OpenAI's multiplier.
        var nebiusJob = Job(id: "ft-1", provider: "nebius", status: .succeeded, model: "m", trainingFile: "f",
                            hyperparameters: JSONObject([("learning_rate", 0.00003), ("lora_r", 16)]))
        nebiusJob.raw = .object(JSONObject())
        let toOpenAI = CloneTranslation(RecordedSettings(RecordedJob(job: nebiusJob)), from: "nebius", to: .openai)
        #expect(abs((toOpenAI.values[.learningRateMultiplier]?.double ?? 0) - 3) < 1e-9)
        #expect(toOpenAI.dropped.map(\.name) == ["lora_r"])
    }

    @Test func autoOnlyCarriesWhereTheTargetTakesIt() {
        let settings = RecordedSettings(Self.openAIJob(JSONObject([("epochs", "auto"), ("batch_size", 8)])))
        let toPortkey = CloneTranslation(settings, from: "openai", to: .portkey)
        #expect(toPortkey.values[.epochs] == "auto")
        let toNebius = CloneTranslation(settings, from: "openai", to: .nebius)
        #expect(toNebius.values[.epochs] == nil && toNebius.values[.batchSize] == 8)
        #expect(toNebius.dropped.first { $0.name == "epochs" }?.why.contains("no \"auto\"") == true)
    }

    @Test func theUsersValuesWinAndAreNotReportedDropped() {
        var t = CloneTranslation(RecordedSettings(Self.openAIJob(JSONObject([("learning_rate_multiplier", 2)]))), from: "openai", to: .nebius)
        t.override([.learningRate: 0.0001, .metadata: .object(JSONObject([("a", "b")]))])
        #expect(t.values[.learningRate] == 0.0001 && t.mapped.isEmpty)
        #expect(!t.dropped.contains { $0.name == "metadata" })
    }

    @Test func theMethodAndOtherRecordedFieldsComeFromTheRawJob() {
        let settings = RecordedSettings(Self.openAIJob(JSONObject([("beta", 0.5)]), method: "dpo", extra: [("suffix", "s")]))
        #expect(settings.values[.method] == "dpo" && settings.values[.beta] == 0.5)
        #expect(settings.values[.seed] == 7 && settings.values[.suffix] == "s")
        // Together records its method under training_method.
        #expect(RecordedSettings.method(.object(JSONObject([("training_method", .object(JSONObject([("method", "dpo")])))]))) == "dpo")
    }

    @Test func aClosedModelGetsTheNearestOpenModelWithItsReason() throws {
        let s = try ModelSuccession.suggest(for: "gpt-4o-mini-2024-07-18", on: "together").get()
        #expect(s.model == "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference")
        #expect(s.reason.contains("arXiv:2412.19260"))
        #expect(try ModelSuccession.suggest(for: "gpt-4o", on: "nebius").get().model == "meta-llama/Llama-3.3-70B-Instruct")
        // No published size, no guess.
        guard case .failure(let f) = ModelSuccession.suggest(for: "gpt-4.1-mini", on: "together") else {
            Issue.record("gpt-4.1-mini has no published size estimate")
            return
        }
        #expect(f.why.contains("no published size"))
    }

    @Test func onlyOpenAIsOwnModelsNeedAnotherModelOffOpenAIShapedRoutes() {
        #expect(!ModelSuccession.keeps("gpt-4o-mini-2024-07-18", on: .together))
        #expect(!ModelSuccession.keeps("ft:gpt-4o-mini:org::abc", on: .nebius))
        #expect(ModelSuccession.keeps("gpt-4o-mini", on: .openai), "Portkey and TrueFoundry serve it too")
        // An open model not in ftctl's short list of suggestions is still kept as it is.
        #expect(ModelSuccession.keeps("Qwen/Qwen3.5-35B-A3B", on: .together))
    }
}
