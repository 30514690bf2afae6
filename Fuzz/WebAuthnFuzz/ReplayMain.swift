#if !FUZZING
import Foundation

/// Without libFuzzer (`-DFUZZING` unset) the target replays the files named on the command line, so the
/// package always builds and crash inputs can be re-run under a debugger.
@main
enum ReplayMain {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            fuzzOne(Array(data))
            print("ok \(path)")
        }
    }
}
#endif
