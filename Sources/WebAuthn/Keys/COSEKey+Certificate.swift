import X509

extension COSEKey {
    /// The key as an X.509 SubjectPublicKeyInfo, to compare with a certificate's key.
    var certificatePublicKey: Certificate.PublicKey? {
        switch key {
        case .p256(let k): Certificate.PublicKey(k)
        case .p384(let k): Certificate.PublicKey(k)
        case .p521(let k): Certificate.PublicKey(k)
        case .ed25519(let k): Certificate.PublicKey(k)
        case .rsa(let k): Certificate.PublicKey(k)
        case .mlDSA65: nil
        }
    }

    /// Whether `certificate` certifies exactly this key.
    func matches(_ certificate: Certificate) -> Bool {
        guard let mine = certificatePublicKey else { return false }
        return mine.subjectPublicKeyInfoBytes == certificate.publicKey.subjectPublicKeyInfoBytes
    }
}
