import Foundation
import Testing
@testable import FTPlanning

/// Prints the median errors over a grid of the global constants (only with FTPLAN_SWEEP=1).
@Test func calibrationSweep() throws {
    guard ProcessInfo.processInfo.environment["FTPLAN_SWEEP"] == "1" else { return }
    let catalog = try CatalogLoader.bundled()
    for ctx in [0.75, 1.0, 1.25, 1.5] {
        for frag in [0.05, 0.1, 0.15] {
            for lb in [8.0, 10.0, 12.0] {
                var k = PlanningConstants()
                k.cudaContextGiB = ctx; k.fragmentation = frag; k.logitBytes = lb
                let m = Validation.median(try Validation.memory(catalog, k).map { abs($0.error) })
                print("MEM ctx=\(ctx) frag=\(frag) logit=\(lb) median=\(String(format: "%.3f", m))")
            }
        }
    }
    for mfu in [0.45, 0.5, 0.55, 0.6, 0.65] {
        for oh in [0.04, 0.06, 0.08, 0.1] {
            for dq in [50.0, 70.0, 90.0] {
                var k = PlanningConstants()
                k.mfuFull = mfu; k.mfuLoRA = mfu; k.mfuQLoRA = mfu; k.microBatchOverheadSeconds = oh; k.dequantBytesPerParam = dq
                let m = Validation.median(try Validation.throughput(catalog, k).map { abs($0.error) })
                print("TIME mfu=\(mfu) overhead=\(oh) dequant=\(dq) median=\(String(format: "%.3f", m))")
            }
        }
    }
}
