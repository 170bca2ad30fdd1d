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
        #expect(median <= 0.25, "median absolute relative error \(median)")
    }

    /// With FTPLAN_REPORT_DIR set, writes the tables used in ESTIMATION.md.
    func report(_ name: String, _ results: [ValidationResult], _ median: Double) {
        guard let dir = ProcessInfo.processInfo.environment["FTPLAN_REPORT_DIR"] else { return }
        let text = Validation.table(results, unit: name == "memory" ? "GiB" : "tokens/s")
            + "\nmedian absolute error: \(String(format: "%.1f%%", median * 100)) over \(results.count) rows\n"
        try? text.write(toFile: "\(dir)/\(name).md", atomically: true, encoding: .utf8)
    }
}
