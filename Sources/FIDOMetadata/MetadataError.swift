/// Why metadata could not be used: a stable kebab-case `code` for programs and a one-sentence `reason`
/// for people. Two errors are equal when their codes are equal.
public struct MetadataError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The BLOB is not a JWS in compact serialization, or its header or payload cannot be decoded.
        public static let blobMalformed = Code(rawValue: "blob-malformed")
        /// The JWS `alg` is missing, `none`, or not one this verifier supports.
        public static let blobAlgorithmUnsupported = Code(rawValue: "blob-algorithm-unsupported")
        /// The JWS signature does not verify with the leaf certificate's key.
        public static let blobSignatureInvalid = Code(rawValue: "blob-signature-invalid")
        /// The `x5c` chain does not lead to a pinned root.
        public static let blobChainUntrusted = Code(rawValue: "blob-chain-untrusted")
        /// A certificate of the chain is not valid at the validation time.
        public static let blobCertificateExpired = Code(rawValue: "blob-certificate-expired")
        /// A certificate of the chain is listed in its issuer's CRL.
        public static let blobCertificateRevoked = Code(rawValue: "blob-certificate-revoked")
        /// The `x5c` header carries a self-signed certificate, which is never accepted as a root.
        public static let blobRootInX5C = Code(rawValue: "blob-root-in-x5c")
        /// The `x5c` header is missing, empty, or holds a certificate that does not parse.
        public static let blobCertificateMalformed = Code(rawValue: "blob-certificate-malformed")
        /// The signing certificate is not issued to the expected signer (`mds.fidoalliance.org`).
        public static let blobSignerUnexpected = Code(rawValue: "blob-signer-unexpected")
        /// The BLOB's `no` is not greater than the last accepted one.
        public static let blobNumberNotIncreasing = Code(rawValue: "blob-number-not-increasing")
        /// No pinned root is configured.
        public static let rootsMissing = Code(rawValue: "roots-missing")
        /// A CRL file does not parse as a DER CertificateList.
        public static let crlMalformed = Code(rawValue: "crl-malformed")
        /// The operator's `anchors.json` or one of its PEM files is invalid.
        public static let anchorsInvalid = Code(rawValue: "anchors-invalid")
        /// The `aaguid.json` provider-name file is invalid.
        public static let providerNamesInvalid = Code(rawValue: "provider-names-invalid")
    }

    public let code: Code
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }

    public static func == (lhs: MetadataError, rhs: MetadataError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
