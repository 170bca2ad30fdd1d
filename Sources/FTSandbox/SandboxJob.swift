import FTCore
import Foundation

/// Which API created a job: each answers in its own shape and has its own rules.
enum Dialect: String, Sendable {
    case openai, truefoundry, generic
}

/// A simulated fine-tuning job. Its state is a function of virtual time (real time × speed, with
/// pauses taken out), so reading it never needs a background timer, and every read is consistent.
struct SandboxJob: Sendable {
    let id: String
    let dialect: Dialect
    var model: String
    var name: String?
    var description: String?
    var trainingFile: String
    var validationFile: String?
    var suffix: String?
    var seed: Int?
    var metadata: JSONValue = .null
    var hyperparameters = JSONObject()
    var method: JSONValue = .null
    var integrations: JSONValue = .null
    var tags: JSONValue = .null
    var fromCheckpoint: JSONValue = .null
    let createdAt: Date

    // Simulation.
    var examples: Int
    var tokensPerEpoch: Int
    var epochs: Int
    var totalSteps: Int
    /// Why it will fail after validation, when it will.
    var failure: (code: String, message: String)?
    /// Virtual seconds before the last (re)start of the clock.
    var banked: Double = 0
    /// When the clock last started; nil while it is stopped (paused, cancelled, stopped, deployed).
    var anchor: Date?
    /// A status set by an action (cancelled, stopped, paused, deployed) that freezes the simulation.
    var override: JobStatus?
    var overrideAt: Date?
    var startedAtReal: Date?
    /// Events from actions, with the virtual time they happened at.
    var actionEvents: [(virtual: Double, real: Date, level: String, message: String)] = []
    var restarts = 0

    // Phase lengths in virtual seconds.
    static let validating = 2.0
    static let queued = 2.0
    var stepSeconds: Double { min(30.0, 4 + Double(totalSteps) * 0.25) / Double(max(totalSteps, 1)) }
    var runStart: Double { Self.validating + Self.queued }
    var runEnd: Double { runStart + stepSeconds * Double(totalSteps) }
    var checkpointEvery: Int { max(1, totalSteps / 4) }
    var metricsEvery: Int { max(1, totalSteps / 10) }

    func virtualTime(at now: Date, speed: Double) -> Double {
        banked + (anchor.map { max(0, now.timeIntervalSince($0)) * speed } ?? 0)
    }

    /// The status and step at a moment.
    func state(at now: Date, speed: Double) -> (status: JobStatus, step: Int) {
        let v = virtualTime(at: now, speed: speed)
        let step = min(totalSteps, max(0, Int((v - runStart) / stepSeconds)))
        if let override { return (override, override == .deployed ? totalSteps : step) }
        if v < Self.validating { return (.validatingFiles, 0) }
        if failure != nil { return (.failed, 0) }
        if v < runStart { return (.queued, 0) }
        if v < runEnd { return (.running, step) }
        return (.succeeded, totalSteps)
    }

    /// Real time at which virtual time `v` was (or will be) reached, given the clock as it is.
    func realTime(ofVirtual v: Double, speed: Double) -> Date {
        if let anchor { return anchor.addingTimeInterval((v - banked) / speed) }
        return (overrideAt ?? createdAt).addingTimeInterval(-(banked - v) / speed)
    }

    mutating func stopClock(at now: Date, speed: Double) {
        banked = virtualTime(at: now, speed: speed)
        anchor = nil
    }

    static func trainLoss(_ id: String, step: Int, of total: Int) -> Double {
        let x = Double(step) / Double(max(total, 1))
        let noise = (SeededRandom.hash(id, step) - 0.5) * 0.06
        return ((0.35 + 2.1 * exp(-3.2 * x) + noise) * 1000).rounded() / 1000
    }

    static func validLoss(_ id: String, step: Int, of total: Int) -> Double {
        let x = Double(step) / Double(max(total, 1))
        let noise = (SeededRandom.hash(id + "v", step) - 0.5) * 0.05
        return ((0.42 + 2.0 * exp(-2.9 * x) + noise) * 1000).rounded() / 1000
    }

    /// Everything that has happened by now, oldest first: the lifecycle, the metrics every few steps,
    /// checkpoints, and the actions taken on the job.
    func events(at now: Date, speed: Double) -> [(seq: Int, time: Date, level: String, message: String, step: Int?, metrics: JSONObject?)] {
        let v = virtualTime(at: now, speed: speed)
        var out: [(Double, Date?, String, String, Int?, JSONObject?)] = []
        out.append((0, createdAt, "info", "Created fine-tuning job: \(id)", nil, nil))
        out.append((0, createdAt, "info", "Validating training file: \(trainingFile)", nil, nil))
        if v >= Self.validating {
            if let failure {
                out.append((Self.validating, nil, "error", "Fine-tuning job failed: \(failure.message)", nil, nil))
            } else {
                out.append((Self.validating, nil, "info", "Files validated, moving job to queued state", nil, nil))
                if v >= runStart { out.append((runStart, nil, "info", "Fine-tuning job started", nil, nil)) }
                let reached = min(totalSteps, Int((v - runStart) / stepSeconds))
                if reached >= 1 {
                    for s in 1...reached {
                        let at = runStart + Double(s) * stepSeconds
                        if s % metricsEvery == 0 || s == totalSteps {
                            let tl = Self.trainLoss(id, step: s, of: totalSteps)
                            var m = JSONObject([("step", .int(Int64(s))), ("train_loss", .double(tl))])
                            var msg = "Step \(s)/\(totalSteps): training loss=\(tl)"
                            if validationFile != nil {
                                let vl = Self.validLoss(id, step: s, of: totalSteps)
                                m["valid_loss"] = .double(vl)
                                msg += ", validation loss=\(vl)"
                            }
                            m["total_steps"] = .int(Int64(totalSteps))
                            out.append((at, nil, "info", msg, s, m))
                        }
                        if s % checkpointEvery == 0 && s < totalSteps {
                            out.append((at, nil, "info", "Checkpoint created at step \(s)", s, nil))
                        }
                    }
                }
                if v >= runEnd {
                    out.append((runEnd, nil, "info", "New fine-tuned model created: \(fineTunedModel ?? "")", nil, nil))
                    out.append((runEnd, nil, "info", "The job has successfully completed", nil, nil))
                }
            }
        }
        for a in actionEvents { out.append((a.virtual, a.real, a.level, a.message, nil, nil)) }
        let sorted = out.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }
        return sorted.enumerated().map { n, e in
            (n + 1, e.element.1 ?? realTime(ofVirtual: e.element.0, speed: speed), e.element.2, e.element.3, e.element.4, e.element.5)
        }
    }

    var fineTunedModel: String? {
        let short = model.split(separator: "/").last.map(String.init) ?? model
        return "ft:\(short):sandbox:\(suffix ?? "custom"):\(id.suffix(8))"
    }

    /// Checkpoints saved by now.
    func checkpoints(at now: Date, speed: Double) -> [(step: Int, time: Date)] {
        let (status, step) = state(at: now, speed: speed)
        guard status != .validatingFiles, status != .queued, failure == nil else { return [] }
        var out: [(Int, Date)] = []
        var s = checkpointEvery
        while s <= step {
            out.append((s, realTime(ofVirtual: runStart + Double(s) * stepSeconds, speed: speed)))
            s += checkpointEvery
        }
        if step == totalSteps && out.last?.0 != totalSteps {
            out.append((totalSteps, realTime(ofVirtual: runEnd, speed: speed)))
        }
        return out
    }
}
