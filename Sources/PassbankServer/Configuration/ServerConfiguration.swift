public import Banking
public import FIDOMetadata
public import Foundation

/// Everything `passbank serve` needs to know, already parsed and validated by the caller.
public struct ServerConfiguration: Sendable {
    /// Address to listen on (`127.0.0.1`).
    public var host: String
    /// Port to listen on (`8080`); 0 picks a free port.
    public var port: Int
    /// Folder of the generated web client.
    public var publicDirectory: URL
    /// The SQLite file.
    public var databaseURL: URL
    /// WebAuthn relying party id (`localhost`).
    public var relyingPartyID: String
    /// The origin people use in their browser (`http://localhost:8080`), without a trailing slash.
    public var origin: String
    /// PEM certificate chain and private key, when the server speaks TLS itself.
    public var tls: TLSFiles?
    /// The one address whose `X-Forwarded-Proto`/`X-Forwarded-For` headers are believed.
    public var trustedProxy: String?
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes: Int
    /// The version string reported by `/healthz`.
    public var version: String
    /// Lifetimes of ceremonies and sign-in sessions.
    public var sessions = SessionSettings()
    /// How long a client may take to send a request's head and body, and to stay idle between requests.
    public var timeouts = ConnectionTimeouts()
    /// Rate limits on sign-in, passwords and ceremonies.
    public var abuse = AbuseLimits()
    /// When the banking API demands step-up, and its limits (`--step-up-threshold`, `--daily-limit`, …).
    public var risk = RiskSettings.standard
    /// More clients, native apps and related origins (`--deployment`).
    public var deployment = Deployment()
    /// The MDS3 BLOB file given with `--mds-blob` (else the one kept under `var/mds/` is used).
    public var metadataBlob: URL?
    /// The operator's trust anchors folder (`--trust-anchors`, with `anchors.json`).
    public var trustAnchorsDirectory: URL?
    /// How long a high-assurance key added from a session below `phrh` waits before it counts (`--new-key-hold`).
    public var newKeyHold: Duration
    /// The lowest FIDO certification level that can reach `phrh` (`--min-certification`).
    public var minimumCertificationLevel: CertificationLevel
    /// The verified metadata and operator anchors, loaded at start by the caller.
    public var metadata: MetadataSnapshot?
    public var operatorAnchors: OperatorTrustAnchors

    public struct TLSFiles: Sendable, Equatable {
        public var certificateChain: URL
        public var privateKey: URL
        public init(certificateChain: URL, privateKey: URL) {
            self.certificateChain = certificateChain
            self.privateKey = privateKey
        }
    }

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        publicDirectory: URL = URL(fileURLWithPath: "public"),
        databaseURL: URL = URL(fileURLWithPath: "var/passbank.sqlite"),
        relyingPartyID: String = "localhost",
        origin: String = "http://localhost:8080",
        tls: TLSFiles? = nil,
        trustedProxy: String? = nil,
        maxBodyBytes: Int = 64 * 1024,
        version: String = PassbankVersion.current,
        metadataBlob: URL? = nil,
        trustAnchorsDirectory: URL? = nil,
        newKeyHold: Duration = .seconds(24 * 3600),
        minimumCertificationLevel: CertificationLevel = .l1
    ) {
        self.host = host
        self.port = port
        self.publicDirectory = publicDirectory
        self.databaseURL = databaseURL
        self.relyingPartyID = relyingPartyID
        self.origin = origin
        self.tls = tls
        self.trustedProxy = trustedProxy
        self.maxBodyBytes = maxBodyBytes
        self.version = version
        self.metadataBlob = metadataBlob
        self.trustAnchorsDirectory = trustAnchorsDirectory
        self.newKeyHold = newKeyHold
        self.minimumCertificationLevel = minimumCertificationLevel
        self.metadata = nil
        self.operatorAnchors = .none
    }

    /// The assurance policy settings these options describe.
    public var assurancePolicySettings: AssurancePolicySettings {
        AssurancePolicySettings(minimumCertificationLevel: minimumCertificationLevel, newKeyHold: newKeyHold)
    }

    /// `true` when people reach the server over HTTPS (directly, or through the trusted proxy).
    public var isSecureOrigin: Bool { origin.lowercased().hasPrefix("https://") }
}

/// The release this binary was built from.
public enum PassbankVersion {
    public static let current = "0.1.0"
}
