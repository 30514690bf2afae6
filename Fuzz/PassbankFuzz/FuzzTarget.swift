import Foundation

/// One parser family that takes outside bytes, and the harness that feeds it one input.
///
/// All families live in one executable so that one sanitizer build serves every target; the family
/// is chosen by the `FUZZ_TARGET` environment variable (a first-byte switch would let the fuzzer
/// wander between families and mix their corpora and coverage).
enum FuzzTarget: String, CaseIterable, Sendable {
    case cbor
    case attestation
    case authenticatorData = "authdata"
    case clientData = "clientdata"
    case metadataBLOB = "mds"
    case money
    case frontMatter = "frontmatter"

    /// The target named by `FUZZ_TARGET`, or nil when it is unset or unknown.
    static let selected: FuzzTarget? = {
        guard let name = getenv("FUZZ_TARGET") else { return nil }
        return FuzzTarget(rawValue: String(cString: name))
    }()

    /// Runs one input. Returning (with or without a thrown and caught error) is success; a trap,
    /// a sanitizer report or a `fatalError` from a broken invariant is a finding.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .cbor: CBORHarness.run(bytes)
        case .attestation: RegistrationHarness.run(bytes)
        case .authenticatorData: AuthenticatorDataHarness.run(bytes)
        case .clientData: ClientDataHarness.run(bytes)
        case .metadataBLOB: MetadataBLOBHarness.run(bytes)
        case .money: MoneyHarness.run(bytes)
        case .frontMatter: FrontMatterHarness.run(bytes)
        }
    }
}
