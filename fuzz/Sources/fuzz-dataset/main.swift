import FTFuzzEntries
import Foundation
import FuzzRunner

/// libFuzzer calls this once per input; the body must return for every input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    FuzzRunner.run("dataset", bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

// SwiftPM links its own main for an executable, so libFuzzer's is not used: start its driver here.
exit(FuzzRunner.drive(fuzzOneInput))
