#if FUZZING
    import Glibc

    /// libFuzzer's driver; SwiftPM names the executable's entry point `WebAuthnFuzz_main` and aliases `main`
    /// to it, so the entry point hands over to libFuzzer instead of relying on libFuzzer's own `main`.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt
#else
    import Foundation
#endif

/// Under libFuzzer (`-DFUZZING`) this starts the fuzzer; otherwise it replays the files named on the
/// command line, so the package always builds and crash inputs can be re-run under a debugger.
@main
enum ReplayMain {
    static func main() throws {
        #if FUZZING
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(runFuzzerDriver(&argc, &argv, fuzzerTestOneInput))
        #else
            for path in CommandLine.arguments.dropFirst() {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                fuzzOne(Array(data))
                print("ok \(path)")
            }
        #endif
    }
}
