import FTFuzzEntries
import Foundation
import Testing

/// Every input the fuzzers kept (fuzz/corpus/<target>/, crash reproducers included) fed again to
/// the same entry function: a past crash that comes back fails `make test`.
@Suite("fuzz corpus replay")
struct CorpusReplayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fuzz/corpus").path

    @Test(arguments: FuzzEntries.targets)
    func everyCorpusInputIsReadWithoutATrap(target: String) async throws {
        let dir = Self.root + "/" + target
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix(".") }.sorted()
        #expect(!names.isEmpty, "no corpus for \(target) in \(dir)")
        for name in names {
            guard let data = FileManager.default.contents(atPath: dir + "/" + name) else { continue }
            await FuzzEntries.run(target, data)
        }
    }
}
