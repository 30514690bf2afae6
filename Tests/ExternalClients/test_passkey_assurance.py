"""The passkey evidence behind `acr`: the provider's tokens are only as good as these refusals.

Shows that the phrh decision rests on real checks of the software authenticator's output
(DESIGN.md "Assurance levels and ACR"): signatures, origin, single-use challenges, the attestation
chain to the operator's anchor, and user verification.
"""

from __future__ import annotations

import secrets
import uuid

import pytest

from passbank_client import Browser, Problem, Server
from softauthn import AttestationAuthority, SoftAuthenticator, b64url, b64url_decode


def registered(server: Server, authenticator: SoftAuthenticator) -> tuple[str, dict]:
    username = f"ev-{secrets.token_hex(4)}"
    return username, Browser(server).register(authenticator, username=username)["passkey"]


def verify(browser: Browser, ceremony_id: str, credential: dict) -> dict:
    return browser.post_json("/webauthn/authentication/verify", {"ceremonyId": ceremony_id, "credential": credential})


def test_anchored_security_key_is_phrh(server: Server, authority: AttestationAuthority) -> None:
    """Row 5: BE=0, UV=1, packed chain to the AAGUID's own operator anchor, certified L1, hardware."""
    _, passkey = registered(server, SoftAuthenticator(server.origin, attestation=authority))
    assert passkey["assurance"] == "phrh", passkey
    assert passkey["backupEligible"] is False


def test_security_key_from_an_unknown_root_is_only_phr(server: Server) -> None:
    """Row 4: a valid packed attestation whose root is no anchor of this AAGUID stays phr."""
    stray = AttestationAuthority(aaguid=uuid.uuid4().bytes, name="Unanchored Key")
    _, passkey = registered(server, SoftAuthenticator(server.origin, attestation=stray))
    assert passkey["assurance"] == "phr", passkey


def test_anchored_key_without_user_verification_is_phr(server: Server, authority: AttestationAuthority) -> None:
    """Row 2: UV=0 gives at most phr, and amr has no `user` or `mfa` (RFC 8176 §2)."""
    authenticator = SoftAuthenticator(server.origin, attestation=authority, user_verifying=False)
    username, passkey = registered(server, authenticator)
    assert passkey["assurance"] == "phr", passkey
    answer = Browser(server).sign_in(authenticator, username=username)
    assert answer["acr"] == "phr"
    assert "hwk" in answer["amr"] and "user" not in answer["amr"] and "mfa" not in answer["amr"]


def test_synced_passkey_is_phr(server: Server) -> None:
    """Row 3: backup eligible (BE=1) -> phr, whatever else."""
    authenticator = SoftAuthenticator(server.origin)
    username, passkey = registered(server, authenticator)
    assert passkey["assurance"] == "phr" and passkey["backupEligible"] is True
    answer = Browser(server).sign_in(authenticator, username=username)
    assert answer["acr"] == "phr" and "swk" in answer["amr"]


def test_tampered_assertion_signature_is_refused(server: Server) -> None:
    """WebAuthn L3 §7.2 step 21: the signature must verify with the stored public key."""
    authenticator = SoftAuthenticator(server.origin)
    username, _ = registered(server, authenticator)
    browser = Browser(server)
    options = browser.authentication_options(username=username)
    credential = authenticator.get(options["publicKey"])
    signature = bytearray(b64url_decode(credential["response"]["signature"]))
    signature[-1] ^= 0x01
    credential["response"]["signature"] = b64url(bytes(signature))
    with pytest.raises(Problem) as refused:
        verify(browser, options["ceremonyId"], credential)
    assert refused.value.code == "passkey-verification-failed", refused.value.body
    assert not browser.http.cookies, "a refused sign-in must not start a session"


def test_assertion_for_another_origin_is_refused(server: Server) -> None:
    """WebAuthn L3 §7.2 step 13: clientDataJSON.origin must be the relying party's origin."""
    authenticator = SoftAuthenticator(server.origin)
    username, _ = registered(server, authenticator)
    phishing = SoftAuthenticator("http://bank.example.test", credentials=authenticator.credentials)
    browser = Browser(server)
    options = browser.authentication_options(username=username)
    with pytest.raises(Problem) as refused:
        verify(browser, options["ceremonyId"], phishing.get(options["publicKey"]))
    assert refused.value.code == "passkey-verification-failed", refused.value.body


def test_ceremony_answers_are_single_use(server: Server) -> None:
    """WebAuthn L3 §13.4.3: a challenge is used once; replaying the same answer is refused."""
    authenticator = SoftAuthenticator(server.origin)
    username, _ = registered(server, authenticator)
    browser = Browser(server)
    options = browser.authentication_options(username=username)
    credential = authenticator.get(options["publicKey"])
    assert verify(browser, options["ceremonyId"], credential)["acr"] == "phr"
    with pytest.raises(Problem) as replayed:
        verify(Browser(server), options["ceremonyId"], credential)
    assert replayed.value.code == "ceremony-used", replayed.value.body
