/// The relying party's identity and the origins it accepts (WebAuthn L3 §5.4.2, §13.4.9).
public struct RelyingParty: Sendable, Hashable {
    /// The RP ID (a registrable domain suffix of the origins).
    public var id: String
    /// Human-readable name shown by authenticators.
    public var name: String
    /// Every origin allowed in `clientDataJSON.origin`, e.g. `https://bank.example`.
    public var origins: [String]
    /// Further RP IDs accepted in `rpIdHash` (related origins); usually empty.
    public var additionalIDs: [String]
    /// Accept `crossOrigin: true` (an iframe ceremony); off by default (WebAuthn L3 §7.1 step 10).
    public var allowsCrossOrigin: Bool
    /// Top-level origins accepted when `crossOrigin` is allowed.
    public var allowedTopOrigins: [String]

    public init(
        id: String,
        name: String,
        origins: [String],
        additionalIDs: [String] = [],
        allowsCrossOrigin: Bool = false,
        allowedTopOrigins: [String] = []
    ) {
        self.id = id
        self.name = name
        self.origins = origins
        self.additionalIDs = additionalIDs
        self.allowsCrossOrigin = allowsCrossOrigin
        self.allowedTopOrigins = allowedTopOrigins
    }

    var acceptedIDs: [String] { [id] + additionalIDs }
}
