#if FUZZING
    import Glibc

    /// libFuzzer's driver; SwiftPM names the executable's entry point `PassbankFuzz_main` and aliases `main`
    /// to it, so the entry point hands over to libFuzzer instead of relying on libFuzzer's own `main`.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// libFuzzer's callback: one input for the target chosen at start-up.
    func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        guard let target = FuzzTarget.selected else { return 0 }
        target.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
#else
    import Foundation
#endif

/// Under libFuzzer (`-DFUZZING`) this starts the fuzzer for `FUZZ_TARGET`; otherwise it replays the
/// files named on the command line through that target, so the package always builds and a crash
/// input can be re-run under a debugger: `FUZZ_TARGET=money PassbankFuzz crash-…`.
@main
enum FuzzMain {
    static func main() throws {
        guard FuzzTarget.selected != nil else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: " ")
            print("Set FUZZ_TARGET to one of: \(names)")
            exit(2)
        }
        #if FUZZING
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(runFuzzerDriver(&argc, &argv, fuzzerTestOneInput))
        #else
            for path in CommandLine.arguments.dropFirst() {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                FuzzTarget.selected?.run(Array(data))
                print("ok \(path)")
            }
        #endif
    }
}
