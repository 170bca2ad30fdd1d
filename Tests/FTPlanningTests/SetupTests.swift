import Foundation
import Testing
import FTCore
@testable import FTPlanning

/// The setup flags, presets and config.json reading.
@Suite struct SetupTests {
    let llama = Architecture(layers: 32, hidden: 4096, intermediate: 14336, heads: 32, kvHeads: 8, vocab: 128_256, tiedEmbeddings: false)

    @Test func offloadAndShardingMoveStateOffTheGPU() {
        var c = MemoryConfig(method: .full)
        c.gpus = 8
        c.sharding = .zero3
        let sharded = MemoryModel.estimate(llama, c)
        c.offload = .optimizer
        let optOff = MemoryModel.estimate(llama, c)
        #expect(optOff.optimizer == 0 && optOff.total < sharded.total)
        c.offload = .params
        let all = MemoryModel.estimate(llama, c)
        #expect(all.total < optOff.total && all.gradients <= optOff.gradients)
        c.offload = .none
        c.sharding = .zero2
        #expect(MemoryModel.estimate(llama, c).weights > sharded.weights)
    }

    @Test func pagedStatesAreOnTheDeviceButNotInTorchsFigures() {
        var c = MemoryConfig(method: .full)
        c.precision = .bf16
        c.optimizer = .adamw8bit
        let plain = MemoryModel.estimate(llama, c)
        c.optimizer = .pagedAdamw8bit
        let paged = MemoryModel.estimate(llama, c)
        let states = plain.optimizer
        // The card holds them until they page out; only the allocator's fragmentation of them goes.
        #expect(abs(plain.total - paged.total - PlanningConstants.default.fragmentation * states) < 1e-6)
        #expect(states > 10 && abs(plain.allocated - paged.allocated - states) < 1e-6)
        #expect(paged.reserved < plain.reserved - states)
    }

    @Test func compiledKernelsKeepNoFP32LogitsOrNormCopies() {
        var c = MemoryConfig(method: .lora)
        c.seqLen = 4096
        c.eagerKernels = true
        let eager = MemoryModel.estimate(llama, c)
        c.eagerKernels = false
        let compiled = MemoryModel.estimate(llama, c)
        let tokenVocab = 4096.0 * 128_256 / 1_073_741_824
        // Logits 12 → 10 B per token × vocab, and the two norms' FP32 inputs (8h B per token per layer) go.
        #expect(abs(eager.activations - compiled.activations - tokenVocab * 2 - 4096.0 * 8 * 4096 / 1_073_741_824) < 1e-6)
        c.chunkedLoss = true
        let chunked = MemoryModel.estimate(llama, c)
        #expect(abs(compiled.activations - chunked.activations - tokenVocab * 7.75) < 1e-6)
    }

    @Test func loraDropoutKeepsACopyAndAMaskOfEachAdaptedInput() {
        var c = MemoryConfig(method: .lora)
        c.seqLen = 2048
        c.gradientCheckpointing = false
        c.loraTargets = .qv
        let plain = MemoryModel.estimate(llama, c)
        c.loraDropout = true
        let dropped = MemoryModel.estimate(llama, c)
        // q and v each take the 4096-wide norm output: 3 B (bf16 copy + mask) per value, 32 layers.
        #expect(abs(dropped.activations - plain.activations - 2048.0 * 32 * 3 * 2 * 4096 / 1_073_741_824) < 1e-6)
        // Full fine-tuning has no adapters, so no dropout copies.
        var full = c
        full.method = .full
        var fullPlain = full
        fullPlain.loraDropout = false
        #expect(MemoryModel.estimate(llama, full).total == MemoryModel.estimate(llama, fullPlain).total)
    }

    @Test func oldBitsandbytesKeepsTheQuantizedLayersInputs() throws {
        #expect(TrainingSetup.bitsandbytesKeepsInputs(version: "0.42.0") == true)
        #expect(TrainingSetup.bitsandbytesKeepsInputs(version: "0.43.1") == true)
        #expect(TrainingSetup.bitsandbytesKeepsInputs(version: "0.43.2") == false)
        #expect(TrainingSetup.bitsandbytesKeepsInputs(version: "0.45.0.post1") == false)
        #expect(TrainingSetup.bitsandbytesKeepsInputs(version: "1.0") == false)
        for bad in ["", "latest", "0", "x.y", "0.4a2.1", String(repeating: "9", count: 40) + ".1"] {
            #expect(TrainingSetup.bitsandbytesKeepsInputs(version: bad) == nil, "\(bad)")
        }
        var c = MemoryConfig(method: .qlora)
        c.gradientCheckpointing = false
        let fixed = MemoryModel.estimate(llama, c)
        c.quantizedInputsKept = true
        let old = MemoryModel.estimate(llama, c)
        #expect(old.activations > fixed.activations)
        // LoRA in bf16 has no 4-bit layers: the version changes nothing.
        var lora = c
        lora.method = .lora
        var loraFixed = lora
        loraFixed.quantizedInputsKept = false
        #expect(MemoryModel.estimate(llama, lora).total == MemoryModel.estimate(llama, loraFixed).total)
        // Without the version given, a QLoRA range includes the old releases; given, it does not.
        let range = MemoryRange.estimate(llama, base: MemoryConfig(method: .qlora), given: TrainingSetup())
        #expect(range.cases.contains { $0.label.contains("bitsandbytes < 0.43.2") })
        let pinned = MemoryRange.estimate(llama, base: MemoryConfig(method: .qlora), given: TrainingSetup(quantizedInputsKept: false))
        #expect(!pinned.cases.contains { $0.label.contains("bitsandbytes") })
    }

    @Test func dimensionsAndAParameterCountGiveTheMLPWidth() throws {
        // Llama-3.1-8B: 8.03B parameters, intermediate_size 14336.
        let dims = ArchitectureDimensions(layers: 32, hidden: 4096, heads: 32, kvHeads: 8, vocab: 128_256, parameters: 8.03e9)
        let arch = try #require(try dims.model(name: nil).architecture)
        #expect(abs(Double(arch.intermediate) - 14336) / 14336 < 0.01, "\(arch.intermediate)")
        #expect(try dims.model(name: nil).id == "custom-8.0b")
        #expect(ArchitectureDimensions.parameters("7B") == 7e9)
        #expect(ArchitectureDimensions.parameters("500m") == 5e8)
        #expect(ArchitectureDimensions.parameters("6.7e9") == 6.7e9)
        for bad in ["", "B", "7BB", "-7B", "nan", "1e400", "12", "7 B", String(repeating: "9", count: 40)] {
            #expect(ArchitectureDimensions.parameters(bad) == nil, "\(bad)")
        }
        var kvTooMany = dims
        kvTooMany.kvHeads = 64
        #expect(throws: FTError.self) { try kvTooMany.model(name: nil) }
    }

    @Test func pureBF16And8BitAndActivationOffloadEachSave() {
        var c = MemoryConfig(method: .full)
        c.seqLen = 4096
        let mixed = MemoryModel.estimate(llama, c)
        c.precision = .bf16
        let pure = MemoryModel.estimate(llama, c)
        c.optimizer = .adamw8bit
        let eight = MemoryModel.estimate(llama, c)
        c.activationOffload = true
        let off = MemoryModel.estimate(llama, c)
        #expect(mixed.total > pure.total && pure.total > eight.total && eight.activations > off.activations)
        #expect(off.allocated < off.reserved && off.reserved < off.total)
    }

    @Test(arguments: [("q,v", LoRATargets.qv), ("q_proj,k_proj,v_proj", .qkv), ("all-linear", .allLinear),
                      ("q,k,v,o,gate,up,down", .allLinear), ("q,v,o,mlp", .qvoMLP), ("q,k,v,o,mlp,head", .allLinearHead), ("mlp", .mlp)])
    func loraTargetLists(text: String, targets: LoRATargets) {
        #expect(LoRATargets(list: text) == targets)
    }

    @Test func unknownNamesAreRejected() {
        #expect(LoRATargets(list: "x,y") == nil)
        #expect(Preset(name: "nope") == nil)
        #expect(Preset(name: "LLaMA-Factory") == .llamafactory)
    }

    @Test func hfConfigGivesTheArchitecture() throws {
        let json = #"{"model_type":"llama","num_hidden_layers":32,"hidden_size":4096,"intermediate_size":11008,"num_attention_heads":32,"vocab_size":32000,"max_position_embeddings":4096,"_name_or_path":"meta-llama/Llama-2-7b-hf"}"#
        let m = try HFConfig.parse(Data(json.utf8), name: "config.json")
        #expect(m.id == "meta-llama/Llama-2-7b-hf" && m.maxContext == 4096 && m.architecture?.kvHeads == 32)
        #expect(abs(ParameterCount(m.architecture!).total - 6.74e9) / 6.74e9 < 0.01)
        let falcon = #"{"model_type":"falcon","num_hidden_layers":32,"hidden_size":4544,"num_attention_heads":71,"multi_query":true,"vocab_size":65024}"#
        let f = try HFConfig.parse(Data(falcon.utf8), name: "falcon/config.json")
        #expect(f.architecture?.kvHeads == 1 && f.architecture?.gatedMLP == false && f.architecture?.tiedEmbeddings == true)
        #expect(abs(ParameterCount(f.architecture!).total - 6.92e9) / 6.92e9 < 0.02)
    }

    @Test(arguments: ["", "[]", "{}", #"{"num_hidden_layers":-1,"hidden_size":1,"num_attention_heads":1,"vocab_size":1}"#,
                      #"{"num_hidden_layers":1e300,"hidden_size":1,"num_attention_heads":1,"vocab_size":1}"#,
                      #"{"num_hidden_layers":true,"hidden_size":1,"num_attention_heads":1,"vocab_size":1}"#,
                      #"{"num_hidden_layers":2,"hidden_size":64,"num_attention_heads":8,"num_key_value_heads":16,"vocab_size":10}"#,
                      #"{"num_hidden_layers":2,"hidden_size":4,"num_attention_heads":8,"vocab_size":10}"#,
                      String(repeating: "[", count: 100_000)])
    func badConfigsAreOneLineErrorsNamingTheFile(text: String) {
        do {
            _ = try HFConfig.parse(Data(text.utf8), name: "my/config.json")
            Issue.record("accepted \(text.prefix(40))")
        } catch {
            let message = "\(error)"
            #expect(message.contains("my/config.json"))
            #expect(!message.contains("\n"))
        }
    }
}
