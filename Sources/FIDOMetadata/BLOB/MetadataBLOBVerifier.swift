import Crypto
public import Foundation
public import X509

/// Verifies an MDS3 BLOB and turns it into a `MetadataSnapshot` (FIDO MDS3 §3.2 "Metadata BLOB object
/// processing rules"). Pure: the bytes, roots, CRLs, time and last accepted number are all inputs.
public struct MetadataBLOBVerifier: Sendable {
    /// Pinned roots: the BLOB's chain must end at one of them.
    public var roots: [Certificate]
    /// CRLs for the chain's certificates; with none, each certificate's status is `unavailable`.
    public var crls: [CertificateRevocationList]

    /// Names the signing certificate must carry (dNSName or CN); nil accepts any name under the roots.
    public var signerNames: [String]?

    /// The FIDO Alliance's MDS signer.
    public static let fidoAllianceSigner = ["mds.fidoalliance.org"]

    public init(roots: [Certificate], crls: [CertificateRevocationList] = [], signerNames: [String]? = nil) {
        self.roots = roots
        self.crls = crls
        self.signerNames = signerNames
    }

    /// A verifier for BLOBs from the FIDO Alliance: the bundled GlobalSign roots and the MDS signer name.
    /// - Throws: `roots-missing` when the bundled roots are absent.
    public static func fidoAlliance(crls: [CertificateRevocationList] = []) throws(MetadataError) -> MetadataBLOBVerifier {
        MetadataBLOBVerifier(roots: try MDSRoots.bundled(), crls: crls, signerNames: fidoAllianceSigner)
    }

    /// The last BLOB accepted before, to refuse replays of older ones.
    public struct Previous: Sendable, Hashable, Codable {
        public var number: Int
        /// Hex SHA-256 of that BLOB: the same file may be loaded again (a restart), a different one with the same `no` may not.
        public var digest: String
        public init(number: Int, digest: String) {
            self.number = number
            self.digest = digest
        }
    }

    /// Verifies `blob` at `time`.
    /// - Throws: `MetadataError`: `blob-malformed`, `blob-algorithm-unsupported`, `blob-certificate-malformed`,
    ///   `blob-root-in-x5c`, `blob-signature-invalid`, `blob-certificate-expired`, `blob-chain-untrusted`,
    ///   `blob-certificate-revoked`, `blob-number-not-increasing`, `roots-missing`.
    public func verify(_ blob: [UInt8], at time: Date, previous: Previous? = nil) async throws(MetadataError) -> MetadataSnapshot {
        // FIDO MDS3 §3.2 step 3 / RFC 7515 §5.2 steps 1–4: split the compact JWS and decode the header.
        let jws = try CompactJWS(bytes: blob)
        // RFC 7515 §4.1.11: no extension this verifier would have to understand.
        guard jws.header.crit == nil else {
            throw MetadataError(.blobAlgorithmUnsupported, "The JWS header has a crit parameter this verifier does not understand.")
        }
        let algorithm = try JWSSignatureAlgorithm(header: jws.header.alg)
        // FIDO MDS3 §3.2 step 4: the key comes from the x5c leaf, never from elsewhere in the header.
        let chain = try BlobSigningChain(x5c: jws.header.x5c)
        try chain.checkNoRootInX5C(pinned: roots)
        // RFC 7515 §5.2 step 8: the signature over header.payload, with the alg of the header.
        try algorithm.verify(jws.signature, over: jws.signingInput, with: chain.leaf.publicKey)
        // FIDO MDS3 §3.2 step 4 / RFC 5280 §6.1: validity at the given time, then a path to a pinned root.
        try chain.checkValidity(at: time)
        let path = try await chain.validate(roots: roots, at: time)
        // The pinned roots are public web PKI roots: the leaf must be the MDS signer itself.
        try chain.checkSigner(named: signerNames)
        let revocation = try BlobSigningChain.revocation(of: path, crls: crls, at: time)

        // RFC 7515 §5.2 step 6: decode the payload only once it is known to be authentic.
        let payload = try decodePayload(try jws.payload())
        let digest = SHA256.hash(data: blob).map { String(format: "%02x", $0) }.joined()
        // FIDO MDS3 §3.2 step 5: `no` must be greater than the last accepted BLOB's.
        if let previous, payload.no < previous.number || (payload.no == previous.number && digest != previous.digest) {
            throw MetadataError(
                .blobNumberNotIncreasing,
                "The BLOB's no \(payload.no) is not greater than the last accepted no \(previous.number)."
            )
        }
        guard let nextUpdate = CivilDate.parse(payload.nextUpdate) else {
            throw MetadataError(.blobMalformed, "The BLOB's nextUpdate \(payload.nextUpdate) is not a YYYY-MM-DD date.")
        }
        let verification = BlobVerification(
            algorithm: algorithm.rawValue,
            chainSubjects: path.map { "\($0.subject)" },
            validationTime: time,
            revocation: revocation,
            digest: digest
        )
        return MetadataSnapshot(
            number: payload.no,
            nextUpdate: nextUpdate,
            legalHeader: payload.legalHeader,
            entries: payload.entries,
            skippedEntries: payload.skippedEntries,
            entryWarnings: payload.warnings,
            verification: verification
        )
    }

    private func decodePayload(_ bytes: [UInt8]) throws(MetadataError) -> MetadataBLOBPayload {
        do {
            return try JSONDecoder().decode(MetadataBLOBPayload.self, from: Data(bytes))
        } catch {
            throw MetadataError(.blobMalformed, "The BLOB payload is not a MetadataBLOBPayload (FIDO MDS3 §3.1.6).")
        }
    }
}
