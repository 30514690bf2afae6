"""A software WebAuthn authenticator and client (the browser's half of the ceremonies), for tests.

It answers PublicKeyCredentialCreationOptionsJSON / RequestOptionsJSON the way a browser plus an
authenticator would, and returns the browser's `toJSON()` form of the credential (WebAuthn L3 §5.1).
Two kinds:

* a synced passkey provider: backup eligible and backed up (BE=1, BS=1), zero AAGUID, `none`
  attestation (WebAuthn L3 §8.7), sign count 0;
* a device-bound security key: BE=0, UV=1, `packed` attestation with an x5c chain to a test root
  (WebAuthn L3 §8.2, certificate requirements §8.2.1), a counter that grows.

Real P-256 keys and ECDSA signatures throughout (COSE ES256, RFC 9053 §2.1).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import os
import struct
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import cbor2
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID, ObjectIdentifier

# WebAuthn L3 §6.1 authenticator data flags.
FLAG_UP = 0x01
FLAG_UV = 0x04
FLAG_BE = 0x08
FLAG_BS = 0x10
FLAG_AT = 0x40

COSE_ES256 = -7
# id-fido-gen-ce-aaguid (WebAuthn L3 §8.2.1).
AAGUID_EXTENSION_OID = ObjectIdentifier("1.3.6.1.4.1.45724.1.1.4")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def cose_es256_key(public_key: ec.EllipticCurvePublicKey) -> bytes:
    """The credential public key as a COSE_Key (RFC 9052 §7, RFC 9053 §7.1.1): EC2, P-256, ES256."""
    numbers = public_key.public_numbers()
    return cbor2.dumps(
        {
            1: 2,  # kty: EC2
            3: COSE_ES256,  # alg
            -1: 1,  # crv: P-256
            -2: numbers.x.to_bytes(32, "big"),
            -3: numbers.y.to_bytes(32, "big"),
        },
        canonical=True,
    )


class AttestationAuthority:
    """A test attestation PKI: a self-signed root CA and one packed attestation certificate.

    The leaf meets WebAuthn L3 §8.2.1: X.509 v3; subject C, O, OU="Authenticator Attestation", CN;
    basic constraints CA=false; the AAGUID extension as a non-critical OCTET STRING of 16 bytes.
    """

    def __init__(self, aaguid: bytes, name: str = "Passbank External Test Key") -> None:
        now = datetime.datetime.now(datetime.timezone.utc)
        not_before = now - datetime.timedelta(days=1)
        not_after = now + datetime.timedelta(days=3650)
        self.aaguid = aaguid
        self.root_key = ec.generate_private_key(ec.SECP256R1())
        root_name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Passbank External Tests"),
                x509.NameAttribute(NameOID.COMMON_NAME, f"{name} Root"),
            ]
        )
        root_ski = x509.SubjectKeyIdentifier.from_public_key(self.root_key.public_key())
        self.root = (
            x509.CertificateBuilder()
            .subject_name(root_name)
            .issuer_name(root_name)
            .public_key(self.root_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=False,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(root_ski, critical=False)
            .sign(self.root_key, hashes.SHA256())
        )
        self.attestation_key = ec.generate_private_key(ec.SECP256R1())
        leaf_subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Passbank External Tests"),
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Authenticator Attestation"),
                x509.NameAttribute(NameOID.COMMON_NAME, name),
            ]
        )
        # DER OCTET STRING (tag 0x04, length 16) wrapping the AAGUID, as the extension's value.
        aaguid_octets = b"\x04\x10" + aaguid
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(leaf_subject)
            .issuer_name(root_name)
            .public_key(self.attestation_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(root_ski), critical=False
            )
            .add_extension(x509.UnrecognizedExtension(AAGUID_EXTENSION_OID, aaguid_octets), critical=False)
            .sign(self.root_key, hashes.SHA256())
        )

    @property
    def aaguid_text(self) -> str:
        return str(uuid.UUID(bytes=self.aaguid))

    def root_pem(self) -> bytes:
        return self.root.public_bytes(serialization.Encoding.PEM)

    def x5c(self) -> list[bytes]:
        """Only the attestation certificate: the root must come from the relying party's anchors."""
        return [self.certificate.public_bytes(serialization.Encoding.DER)]

    # -- kept on disk, so that one process writes the server's anchors and another signs with it -------
    def save(self, directory: Path) -> None:
        """The AAGUID, the root certificate, and the attestation certificate with its private key."""
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "aaguid").write_text(self.aaguid_text)
        (directory / "root.pem").write_bytes(self.root_pem())
        (directory / "attestation.pem").write_bytes(self.certificate.public_bytes(serialization.Encoding.PEM))
        (directory / "attestation-key.pem").write_bytes(
            self.attestation_key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )

    @classmethod
    def load(cls, directory: Path) -> "AttestationAuthority":
        """What `save` kept: enough to attest new credentials (the root's private key is not kept)."""
        authority = cls.__new__(cls)
        authority.aaguid = uuid.UUID((directory / "aaguid").read_text().strip()).bytes
        authority.root_key = None
        authority.root = x509.load_pem_x509_certificate((directory / "root.pem").read_bytes())
        authority.certificate = x509.load_pem_x509_certificate((directory / "attestation.pem").read_bytes())
        authority.attestation_key = serialization.load_pem_private_key((directory / "attestation-key.pem").read_bytes(), None)
        return authority


def write_anchors(directory: Path, authorities: list[AttestationAuthority]) -> None:
    """`DIR/anchors.json` plus one root PEM per anchor, marked `test` (DESIGN.md "Trust anchors"): the
    operator trust anchors that make these authorities' security keys high-assurance (`phrh`)."""
    anchors = []
    for index, authority in enumerate(authorities):
        root_file = f"root{index}.pem"
        (directory / root_file).write_bytes(authority.root_pem())
        anchors.append(
            {
                "name": "Test Security Key" if index == 0 else f"Test Security Key {index}",
                "aaguids": [authority.aaguid_text],
                "roots": [root_file],
                "certificationLevel": "FIDO_CERTIFIED_L1",
                "keyProtection": ["hardware", "secure_element"],
                "test": True,
            }
        )
    (directory / "anchors.json").write_text(json.dumps(anchors, indent=2))


@dataclass
class Credential:
    """One discoverable credential held by an authenticator."""

    id: bytes
    private_key: ec.EllipticCurvePrivateKey
    rp_id: str
    user_handle: bytes
    sign_count: int = 0


@dataclass
class SoftAuthenticator:
    """A browser plus one authenticator, bound to one origin.

    `attestation` set: a device-bound security key with packed attestation; else a synced passkey
    provider (BE=1, BS=1, `none` attestation).
    """

    origin: str
    rp_id: str = "localhost"
    attestation: Optional[AttestationAuthority] = None
    user_verifying: bool = True
    credentials: list[Credential] = field(default_factory=list)

    @property
    def device_bound(self) -> bool:
        return self.attestation is not None

    @property
    def aaguid(self) -> bytes:
        return self.attestation.aaguid if self.attestation else bytes(16)

    # -- WebAuthn L3 §5.8.1 client data -------------------------------------------------------------
    def client_data(self, ceremony_type: str, challenge: str) -> bytes:
        return json.dumps(
            {"type": ceremony_type, "challenge": challenge, "origin": self.origin, "crossOrigin": False},
            separators=(",", ":"),
        ).encode()

    # -- WebAuthn L3 §6.1 authenticator data ----------------------------------------------------------
    def flags(self, attested: bool) -> int:
        flags = FLAG_UP
        if self.user_verifying:
            flags |= FLAG_UV
        if not self.device_bound:
            flags |= FLAG_BE | FLAG_BS
        if attested:
            flags |= FLAG_AT
        return flags

    def authenticator_data(self, credential: Credential, attested: bool) -> bytes:
        rp_id_hash = hashlib.sha256(credential.rp_id.encode()).digest()
        data = rp_id_hash + bytes([self.flags(attested)]) + struct.pack(">I", credential.sign_count)
        if attested:
            # §6.5.2 attested credential data: AAGUID, L, credentialId, credentialPublicKey.
            data += self.aaguid + struct.pack(">H", len(credential.id)) + credential.id
            data += cose_es256_key(credential.private_key.public_key())
        return data

    def next_count(self, credential: Credential) -> None:
        # Synced passkeys commonly report 0; a security key's counter grows (§6.1.1).
        if self.device_bound:
            credential.sign_count += 1

    # -- navigator.credentials.create() ---------------------------------------------------------------
    def create(self, options: dict[str, Any]) -> dict[str, Any]:
        """Makes a credential for PublicKeyCredentialCreationOptionsJSON; returns `toJSON()` form."""
        rp_id = options.get("rp", {}).get("id", self.rp_id)
        assert rp_id == self.rp_id, f"unexpected rp.id {rp_id}"
        assert any(p.get("alg") == COSE_ES256 for p in options["pubKeyCredParams"]), "ES256 not offered"
        excluded = {b64url_decode(d["id"]) for d in options.get("excludeCredentials", [])}
        assert not excluded & {c.id for c in self.credentials}, "excludeCredentials names one of ours"
        credential = Credential(
            id=os.urandom(32),
            private_key=ec.generate_private_key(ec.SECP256R1()),
            rp_id=rp_id,
            user_handle=b64url_decode(options["user"]["id"]),
        )
        self.next_count(credential)
        self.credentials.append(credential)
        client_data = self.client_data("webauthn.create", options["challenge"])
        auth_data = self.authenticator_data(credential, attested=True)
        attestation_object = cbor2.dumps(
            {"fmt": self.format, "attStmt": self.attestation_statement(auth_data, client_data), "authData": auth_data},
            canonical=True,
        )
        transports = ["usb", "nfc"] if self.device_bound else ["internal", "hybrid"]
        return {
            "id": b64url(credential.id),
            "rawId": b64url(credential.id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "attestationObject": b64url(attestation_object),
                "transports": transports,
            },
            "clientExtensionResults": {"credProps": {"rk": True}},
            "authenticatorAttachment": "cross-platform" if self.device_bound else "platform",
        }

    @property
    def format(self) -> str:
        return "packed" if self.device_bound else "none"

    def attestation_statement(self, auth_data: bytes, client_data: bytes) -> dict[str, Any]:
        if not self.attestation:
            return {}  # §8.7 none
        # §8.2 packed, full attestation: sig over authenticatorData ‖ clientDataHash by x5c[0]'s key.
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = self.attestation.attestation_key.sign(signed, ec.ECDSA(hashes.SHA256()))
        return {"alg": COSE_ES256, "sig": signature, "x5c": self.attestation.x5c()}

    # -- navigator.credentials.get() ------------------------------------------------------------------
    def get(self, options: dict[str, Any], credential: Optional[Credential] = None) -> dict[str, Any]:
        """Answers PublicKeyCredentialRequestOptionsJSON; returns the `toJSON()` form.

        `credential` forces a credential even when allowCredentials does not name it (to test that
        the relying party refuses it); otherwise one named in allowCredentials, or any discoverable one.
        """
        credential = credential or self.choose(options)
        rp_id = options.get("rpId", self.rp_id)
        assert rp_id == credential.rp_id, f"unexpected rpId {rp_id}"
        self.next_count(credential)
        client_data = self.client_data("webauthn.get", options["challenge"])
        auth_data = self.authenticator_data(credential, attested=False)
        # §6.3.3 step 11: the assertion signature over authenticatorData ‖ clientDataHash.
        signature = credential.private_key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": b64url(credential.id),
            "rawId": b64url(credential.id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
                "userHandle": b64url(credential.user_handle),
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "cross-platform" if self.device_bound else "platform",
        }

    def choose(self, options: dict[str, Any]) -> Credential:
        allowed = [b64url_decode(d["id"]) for d in options.get("allowCredentials") or []]
        for credential in self.credentials:
            if not allowed or credential.id in allowed:
                return credential
        raise LookupError("this authenticator holds none of the allowed credentials")
