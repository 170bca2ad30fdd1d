import FTFuzzEntries
import Foundation

/// libFuzzer's callback is synchronous; the dataset validator is async. Blocking here is fine: the
/// fuzzer's thread is not one of the cooperative pool's.
public enum FuzzRunner {
    public static func run(_ target: String, _ data: Data) {
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            await FuzzEntries.run(target, data)
            done.signal()
        }
        done.wait()
    }
}

public typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// libFuzzer's entry for programs with a main of their own (compiler-rt FuzzerInterface.h).
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: FuzzCallback) -> CInt

extension FuzzRunner {
    public static func drive(_ callback: FuzzCallback) -> Int32 {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        return llvmFuzzerRunDriver(&argc, &argv, callback)
    }
}
