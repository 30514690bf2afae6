import FIDOMetadata
import Foundation

/// Loads, verifies and indexes an MDS3 BLOB (default: the 4 MB production BLOB of the shared corpus)
/// a fixed number of times, single-threaded, and prints the times and the peak resident memory.
///
///     swift build -c release --scratch-path .build-mds --product FIDOMetadataBenchmarks
///     .build-mds/release/FIDOMetadataBenchmarks [BLOB] [iterations]
@main
enum FIDOMetadataBenchmarks {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst()
        let path = arguments.first ?? "../shared/fixtures/mds/blobs/prod-mds3-no121-nextUpdate-2025-01-01.jwt"
        let iterations = arguments.dropFirst().first.flatMap(Int.init) ?? 10
        let validationTime = ISO8601DateFormatter().date(from: "2024-12-02T12:00:00Z")!
        let verifier = try MetadataBLOBVerifier.fidoAlliance()
        let clock = ContinuousClock()
        var durations: [Duration] = []
        var entries = 0
        print("VmHWM before: \(peakResidentKilobytes()) kB")
        for _ in 0..<iterations {
            let start = clock.now
            // Load (file read), verify (split, signature, chain) and index: what `serve` does at start.
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            let snapshot = try await verifier.verify(bytes, at: validationTime)
            durations.append(start.duration(to: clock.now))
            entries = snapshot.entries.count
        }
        let sorted = durations.sorted()
        func ms(_ duration: Duration) -> String {
            String(format: "%.1f ms", Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
        }
        print("\(path): \(entries) entries, \(iterations) runs")
        print("load+verify+index: min \(ms(sorted[0])), median \(ms(sorted[sorted.count / 2])), max \(ms(sorted[sorted.count - 1]))")
        print("peak RSS (VmHWM): \(peakResidentKilobytes()) kB")
    }

    /// `VmHWM` from /proc/self/status: the process's peak resident set size.
    static func peakResidentKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
        }
        return -1
    }
}
