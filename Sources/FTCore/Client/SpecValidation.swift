/// Checks of a job spec that hold on every provider, before any request. Each failure names the
/// flag at fault and exits 64.
public enum SpecValidation {
    public static func check(_ spec: JobSpec, suffixLimit: Int = 64, provider: ProviderID) throws {
        func bad(_ flag: String, _ why: String, _ hint: String) -> FTError {
            FTError(.usage, what: flag, why: why, hint: hint)
        }
        if let s = spec.suffix, s.count > suffixLimit {
            throw bad("--suffix", "\(s.count) characters; \(provider) takes at most \(suffixLimit)", "Shorten it.")
        }
        if let seed = spec.seed, !(seed > 0 && seed < 2_147_483_647) {
            throw bad("--seed", "\(seed) is out of range", "Use 0 < seed < 2147483647.")
        }
        if spec.metadata.count > 16 { throw bad("--metadata", "\(spec.metadata.count) pairs; at most 16", "Drop some.") }
        for (k, v) in spec.metadata {
            if k.count > 64 { throw bad("--metadata", "key '\(k.prefix(20))…' is longer than 64 characters", "Shorten it.") }
            if v.count > 512 { throw bad("--metadata", "the value of '\(k)' is longer than 512 characters", "Shorten it.") }
        }
        if let e = spec.epochs, !(1...50).contains(e) { throw bad("--epochs", "\(e) is out of range", "Use 1 to 50.") }
        if let b = spec.batchSize, !(1...1024).contains(b) { throw bad("--batch-size", "\(b) is out of range", "Use 1 to 1024.") }
        if let lr = spec.learningRate, !(lr > 0 && lr < 1) { throw bad("--learning-rate", "\(lr) is out of range", "Use 0 < x < 1, e.g. 0.0001.") }
        if let m = spec.learningRateMultiplier, !(m > 0 && m <= 10) { throw bad("--learning-rate-multiplier", "\(m) is out of range", "Use 0 < x <= 10.") }
        if let w = spec.warmupRatio, !(0...1).contains(w) { throw bad("--warmup-ratio", "\(w) is out of range", "Use 0 to 1.") }
        if let w = spec.warmupSteps, w < 0 { throw bad("--warmup-steps", "\(w) is negative", "Use 0 or more.") }
        if let w = spec.weightDecay, !(0...1).contains(w) { throw bad("--weight-decay", "\(w) is out of range", "Use 0 to 1.") }
        if let g = spec.maxGradNorm, g <= 0 { throw bad("--max-grad-norm", "\(g) must be positive", "Use e.g. 1.0.") }
        if let c = spec.contextLength, !(128...1_048_576).contains(c) { throw bad("--context-length", "\(c) is out of range", "Use 128 to 1048576.") }
        if let r = spec.loraR, !(1...1024).contains(r) { throw bad("--lora-r", "\(r) is out of range", "Use 1 to 1024.") }
        if let a = spec.loraAlpha, !(1...4096).contains(a) { throw bad("--lora-alpha", "\(a) is out of range", "Use 1 to 4096.") }
        if let d = spec.loraDropout, !(0..<1).contains(d) { throw bad("--lora-dropout", "\(d) is out of range", "Use 0 <= x < 1.") }
    }
}
