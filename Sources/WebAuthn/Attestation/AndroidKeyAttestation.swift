import SwiftASN1
import X509

/// Android Key attestation (WebAuthn L3 §8.4).
enum AndroidKeyAttestation: AttestationStatementFormat {
    static let identifier = "android-key"
    /// Android KeyDescription extension.
    static let keyDescriptionOID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 11129, 2, 1, 17]

    static func verify(_ input: AttestationInput) throws(WebAuthnError) -> AttestationOutcome {
        let alg = try input.statement.algorithm(format: identifier)
        let sig = try input.statement.signature(format: identifier)
        let certificates = try input.statement.certificates(format: identifier)
        let leaf = certificates[0]
        // §8.4 step 2: sig over authenticatorData ‖ clientDataHash with the leaf key and alg.
        guard try leaf.verify(sig, over: input.signedData, algorithm: alg) else {
            throw WebAuthnError(.attestationSignatureInvalid, "The android-key signature does not verify with x5c[0].")
        }
        // §8.4 step 3: the leaf certifies the credential public key.
        guard input.credentialKey.matches(leaf) else {
            throw WebAuthnError(.attestationSignatureInvalid, "The android-key certificate holds a different key than the credential.")
        }
        // §8.4 step 3: the KeyDescription extension's checks.
        guard let ext = leaf.extensions[oid: keyDescriptionOID] else {
            throw WebAuthnError(.androidKeyDescriptionInvalid, "The android-key certificate has no KeyDescription.")
        }
        let description = try KeyDescription(ext.value)
        guard description.attestationChallenge == input.clientDataHash else {
            throw WebAuthnError(.androidKeyDescriptionInvalid, "attestationChallenge is not the clientDataHash.")
        }
        // allApplications must be absent from both authorization lists (the key is bound to this RP).
        guard !description.softwareEnforced.allApplications, !description.hardwareEnforced.allApplications else {
            throw WebAuthnError(.androidKeyDescriptionInvalid, "The key is usable by all applications.")
        }
        // origin is KM_ORIGIN_GENERATED (0) and purpose contains KM_PURPOSE_SIGN (2).
        let origin = description.hardwareEnforced.origin ?? description.softwareEnforced.origin
        let purposes = description.hardwareEnforced.purposes + description.softwareEnforced.purposes
        guard origin == 0, purposes.contains(2) else {
            throw WebAuthnError(.androidKeyDescriptionInvalid, "The key was not generated on the device for signing.")
        }
        return AttestationOutcome(type: .basic, trustPath: certificates)
    }
}

/// The parts of Android's KeyDescription (Keymaster/KeyMint attestation schema) WebAuthn checks.
struct KeyDescription {
    struct AuthorizationList {
        var purposes: [Int] = []
        var allApplications = false
        var origin: Int?
    }

    let attestationChallenge: [UInt8]
    let softwareEnforced: AuthorizationList
    let hardwareEnforced: AuthorizationList

    init(_ der: ArraySlice<UInt8>) throws(WebAuthnError) {
        do {
            let root = try DER.parse(der)
            guard case .constructed(let nodes) = root.content else { throw ASN1Error.invalidASN1Object(reason: "not a sequence") }
            let fields = Array(nodes)
            // attestationVersion, attestationSecurityLevel, keymasterVersion, keymasterSecurityLevel,
            // attestationChallenge, uniqueId, softwareEnforced, hardwareEnforced.
            guard fields.count >= 8 else { throw ASN1Error.invalidASN1Object(reason: "short KeyDescription") }
            attestationChallenge = Array(try ASN1OctetString(derEncoded: fields[4]).bytes)
            softwareEnforced = try Self.authorizationList(fields[6])
            hardwareEnforced = try Self.authorizationList(fields[7])
        } catch {
            throw WebAuthnError(.androidKeyDescriptionInvalid, "The KeyDescription extension is malformed.")
        }
    }

    static func authorizationList(_ node: ASN1Node) throws -> AuthorizationList {
        guard case .constructed(let entries) = node.content else {
            throw ASN1Error.invalidASN1Object(reason: "AuthorizationList is not a sequence")
        }
        var list = AuthorizationList()
        for entry in entries where entry.identifier.tagClass == .contextSpecific {
            guard case .constructed(let inner) = entry.content, let value = inner.first(where: { _ in true }) else { continue }
            switch entry.identifier.tagNumber {
            case 1:  // purpose: SET OF INTEGER
                if case .constructed(let members) = value.content {
                    for member in members { list.purposes.append(try Int(derEncoded: member)) }
                }
            case 600:  // allApplications: NULL
                list.allApplications = true
            case 702:  // origin: INTEGER
                list.origin = try Int(derEncoded: value)
            default:
                continue
            }
        }
        return list
    }
}
