import CBOR
import WebAuthn

/// Feeds one input to every parser that sees attacker-controlled bytes: the CBOR decoder, the
/// attestation object (with authenticator data and attestation statement shapes), authenticator data,
/// COSE keys and clientDataJSON. Any outcome other than a value or a thrown error is a bug.
func fuzzOne(_ bytes: [UInt8]) {
    _ = try? CBORDecoder().decode(bytes)
    _ = try? CBORDecoder().decodePrefix(bytes)
    _ = try? AttestationObject(bytes: bytes)
    _ = try? AuthenticatorData(bytes: bytes)
    _ = try? COSEKey(encoded: bytes)
    _ = try? CollectedClientData(json: bytes)
}

/// libFuzzer entry point (built with `-sanitize=fuzzer`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    fuzzOne(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
