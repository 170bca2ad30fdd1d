import Foundation
import Testing
@testable import FTPlanning

@Suite struct ValidationTests {
    let catalog = try! CatalogLoader.bundled()

    @Test func tableHasEnoughSourcedRows() throws {
        let rows = try Validation.rows()
        #expect(rows.filter { $0.published_memory_gib != nil }.count >= 20)
        #expect(rows.filter { $0.publishedTokensPerSecond != nil }.count >= 20)
        #expect(Set(rows.map(\.url)).count >= 3)
        for r in rows { #expect(r.url.hasPrefix("https://"), "\(r.id)") }
    }

    @Test func peakMemoryMedianErrorWithin15Percent() throws {
        let results = try Validation.memory(catalog)
        let median = Validation.median(results.map { abs($0.error) })
        report("memory", results, median)
        #expect(median <= 0.15, "median absolute relative error \(median)")
    }

    @Test func throughputMedianErrorWithin25Percent() throws {
        let results = try Validation.throughput(catalog)
        let median = Validation.median(results.map { abs($0.error) })
        report("throughput", results, median)
        let bySource = Validation.bySource(results)
        for s in bySource {
            print("throughput: \(s.source): \(s.rows) rows, median abs error \(String(format: "%.1f%%", s.median * 100)), median signed \(String(format: "%+.1f%%", s.signed * 100))")
        }
        #expect(bySource.count >= 3, "throughput rows from \(bySource.map(\.source))")
        #expect(median <= 0.25, "median absolute relative error \(median)")
    }

    /// The cost range's time ends are the 10th and 90th percentiles of real over predicted time on
    /// every published throughput row: a new row that moves them shows here.
    @Test func theCostRangesTimeEndsAreThePublishedPercentiles() throws {
        let ratios = try Validation.throughput(catalog).map { $0.predicted / $0.published }.sorted()
        func percentile(_ p: Double) -> Double {
            let k = Double(ratios.count - 1) * p, f = Int(k), c = min(f + 1, ratios.count - 1)
            return ratios[f] + (ratios[c] - ratios[f]) * (k - Double(f))
        }
        #expect(abs(percentile(0.1) - CostRange.fasterThanPredicted) < 0.03, "10th percentile \(percentile(0.1))")
        #expect(abs(percentile(0.9) - CostRange.slowerThanPredicted) < 0.05, "90th percentile \(percentile(0.9))")
    }

    /// With FTPLAN_REPORT_DIR set, writes the tables used in ESTIMATION.md.
    func report(_ name: String, _ results: [ValidationResult], _ median: Double) {
        guard let dir = ProcessInfo.processInfo.environment["FTPLAN_REPORT_DIR"] else { return }
        var text = Validation.table(results, unit: name == "memory" ? "GiB" : "tokens/s")
        text += "\n| publisher | rows | median abs. error | median signed error |\n|---|---:|---:|---:|\n"
        for s in Validation.bySource(results) {
            text += "| \(s.source) | \(s.rows) | \(String(format: "%.1f%%", s.median * 100)) | \(String(format: "%+.1f%%", s.signed * 100)) |\n"
        }
        text += "\nmedian absolute error: \(String(format: "%.1f%%", median * 100)) over \(results.count) rows\n"
        try? text.write(toFile: "\(dir)/\(name).md", atomically: true, encoding: .utf8)
    }
}
