import Foundation
import WebAuthn
import WebAuthnTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Verified assertions per second, single-threaded: full WebAuthn L3 §7.2 verification (JSON decoding,
/// clientDataJSON parsing and checks, authenticator data parsing, flags, signature, counter) of
/// pre-built assertions from the software authenticator.
///
/// Usage: `WebAuthnBenchmarks [iterations]` (default 20,000 per algorithm).
@main
enum WebAuthnBenchmarks {
    static func main() throws {
        let iterations = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 20_000
        let party = RelyingParty(id: "bank.example", name: "Bank", origins: ["https://bank.example"])
        print("algorithm  iterations  cpu-seconds  verified/s (CPU time)  verified/s (wall clock)")
        for algorithm in [COSEAlgorithm.es256, .edDSA, .rs256] {
            let rate = try measure(algorithm, party: party, iterations: iterations)
            print(
                algorithm.description.padding(toLength: 9, withPad: " ", startingAt: 0),
                String(iterations).padding(toLength: 10, withPad: " ", startingAt: 0),
                String(format: "%11.3f", rate.cpuSeconds),
                String(format: "%22.0f", Double(iterations) / rate.cpuSeconds),
                String(format: "%24.0f", Double(iterations) / rate.wallSeconds)
            )
        }
    }

    /// CPU time of this process, so that other work on a shared machine does not distort the rate
    /// (`openssl speed` also reports CPU time unless given `-elapsed`).
    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func measure(_ algorithm: COSEAlgorithm, party: RelyingParty, iterations: Int) throws -> (cpuSeconds: Double, wallSeconds: Double) {
        var authenticator = SoftwareAuthenticator(counterIncrement: 0)
        let challenge = [UInt8](repeating: 7, count: 32)
        let registration = try authenticator.makeCredential(
            rpID: party.id,
            origin: party.origins[0],
            challenge: challenge,
            userHandle: [1, 2, 3],
            algorithm: algorithm
        )
        let key = try COSEKey(encoded: authenticator.credentials[0].publicKey)
        let stored = StoredCredential(
            id: Base64URL.decode(registration.rawId)!,
            publicKey: key,
            signCount: 0,
            backupEligible: false,
            userHandle: [1, 2, 3]
        )
        let assertion = try authenticator.getAssertion(rpID: party.id, origin: party.origins[0], challenge: challenge)
        let expectation = AuthenticationExpectation(challenge: challenge, requireUserVerification: true)
        // Warm up, and prove the assertion verifies before timing it.
        _ = try party.verifyAuthentication(assertion, expecting: expectation, credential: stored)
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = cpuSeconds()
        for _ in 0..<iterations {
            _ = try party.verifyAuthentication(assertion, expecting: expectation, credential: stored)
        }
        let cpu = cpuSeconds() - cpuStart
        let elapsed = clock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (cpu, wall)
    }
}
