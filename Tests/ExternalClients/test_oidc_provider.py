"""Passbank's OpenID Connect provider, driven from outside by Authlib (a PyPI OpenID client), with
tokens checked by joserfc and Authlib's OIDC claim rules, and passkeys made by softauthn.py.

Each test signs up its own people, so tests are independent and can run in any order.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass

import pytest
import requests
from authlib.integrations.base_client.errors import OAuthError

from bank_customer import BankCustomer
from passbank_client import (
    API_AUDIENCE,
    CLIENT_ID,
    Browser,
    Client,
    Problem,
    Server,
    assert_code_redirect,
    assert_error_redirect,
    callback_from,
    location,
    pending_request,
    validate_access_token,
    validate_id_token,
)
from softauthn import AttestationAuthority, SoftAuthenticator

# OpenID Connect EAP ACR Values 1.0 §2 / DESIGN.md "Assurance levels and ACR".
PHRH_ESSENTIAL = json.dumps({"id_token": {"acr": {"essential": True, "values": ["phrh"]}}})


@dataclass
class Person:
    username: str
    browser: Browser
    authenticator: SoftAuthenticator


def new_username(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


def sign_up(server: Server, authenticator: SoftAuthenticator, prefix: str) -> Person:
    """Sign-up with a passkey (DESIGN.md flow 1): the answer signs the new person in (a cookie)."""
    person = Person(new_username(prefix), Browser(server), authenticator)
    answer = person.browser.register(authenticator, username=person.username)
    assert answer["passkey"]["backupEligible"] is (not authenticator.device_bound)
    assert person.browser.http.cookies, "sign-up must start a provider session"
    return person


@pytest.fixture
def client(server: Server, discovery: dict) -> Client:
    return Client(server, discovery)


@pytest.fixture
def synced(server: Server) -> Person:
    """Someone who signed up with a synced passkey (BE=1, BS=1, `none` attestation)."""
    return sign_up(server, SoftAuthenticator(server.origin), "synced")


@pytest.fixture
def keyholder(server: Server, authority: AttestationAuthority) -> Person:
    """Someone who signed up with a device-bound security key attested to the test anchor."""
    return sign_up(server, SoftAuthenticator(server.origin, attestation=authority), "key")


def code_flow(person: Person, client: Client, **params) -> tuple[dict, object]:
    """Authorize with the person's session and exchange the code: RFC 6749 §4.1 with RFC 7636."""
    authorization = client.authorization(**params)
    callback = callback_from(person.browser, authorization)
    assert_code_redirect(client.server, callback, authorization, client.discovery["issuer"])
    return client.fetch_token(callback, authorization), authorization


# -- 1. Discovery (OIDC Discovery 1.0 §3, RFC 8414 §2) ---------------------------------------------------
def test_discovery_document(server: Server, discovery: dict, jwks: dict) -> None:
    assert discovery["issuer"] == server.origin
    for name, path in {
        "authorization_endpoint": "/oauth2/authorize",
        "token_endpoint": "/oauth2/token",
        "userinfo_endpoint": "/oauth2/userinfo",
        "jwks_uri": "/oauth2/jwks",
    }.items():
        assert discovery[name] == server.origin + path
    assert discovery["response_types_supported"] == ["code"]
    assert set(discovery["grant_types_supported"]) >= {"authorization_code", "refresh_token"}
    assert discovery["code_challenge_methods_supported"] == ["S256"]
    assert discovery["acr_values_supported"] == ["phrh", "phr", "pwd"]
    assert discovery["claims_parameter_supported"] is True
    assert discovery["authorization_response_iss_parameter_supported"] is True  # RFC 9207 §3
    assert discovery["request_uri_parameter_supported"] is False
    assert {"ES256", "RS256"} <= set(discovery["id_token_signing_alg_values_supported"])
    assert "openid" in discovery["scopes_supported"]
    assert "public" in discovery["subject_types_supported"]
    # RFC 7517 §4.5: every published key has a kid, and they differ.
    kids = [key.get("kid") for key in jwks["keys"]]
    assert kids and all(kids) and len(set(kids)) == len(kids)
    assert all(key.get("use", "sig") == "sig" and "d" not in key for key in jwks["keys"])


def test_jwks_publishes_a_key_for_every_advertised_algorithm(discovery: dict, jwks: dict) -> None:
    """OIDC Discovery §3: an advertised id_token signing alg needs a key a client can verify with."""
    published = {key.get("alg") or {"EC": "ES256", "RSA": "RS256"}[key["kty"]] for key in jwks["keys"]}
    assert set(discovery["id_token_signing_alg_values_supported"]) <= published


# -- 2. Code flow with PKCE, a synced passkey --------------------------------------------------------------
def test_code_flow_with_synced_passkey(server: Server, client: Client, discovery: dict, jwks: dict, synced: Person) -> None:
    issuer = discovery["issuer"]
    token, authorization = code_flow(synced, client)
    id_token = validate_id_token(token, jwks, issuer, authorization.nonce)
    assert id_token["acr"] == "phr"  # BE=1: phishing-resistant, not hardware-bound
    assert "swk" in id_token["amr"]
    assert abs(id_token["auth_time"] - time.time()) < 60
    assert id_token["sid"]
    assert id_token.get("preferred_username") in (None, synced.username)

    _, access = validate_access_token(token, jwks, issuer)
    assert access["sub"] == id_token["sub"]
    assert access["acr"] == "phr" and access["auth_time"] == id_token["auth_time"]
    assert "swk" in access["amr"]
    assert token["expires_in"] == 300
    # RFC 6749 §5.1: token responses are not cached.
    assert client.last_token_response is not None
    assert "no-store" in client.last_token_response.headers.get("Cache-Control", "")

    # OIDC Core §5.3: UserInfo with the access token; sub equals the ID token's (§5.3.2).
    userinfo = requests.get(discovery["userinfo_endpoint"], headers={"Authorization": f"Bearer {token['access_token']}"}, timeout=5)
    assert userinfo.status_code == 200, userinfo.text
    assert userinfo.json()["sub"] == id_token["sub"]
    assert userinfo.json().get("preferred_username") == synced.username
    unauthenticated = requests.get(discovery["userinfo_endpoint"], timeout=5)
    assert unauthenticated.status_code == 401  # RFC 6750 §3.1
    assert unauthenticated.headers["WWW-Authenticate"].lower().startswith("bearer")


def test_refresh_rotates_and_reuse_revokes_the_family(client: Client, discovery: dict, jwks: dict, synced: Person) -> None:
    issuer = discovery["issuer"]
    first, authorization = code_flow(synced, client)
    first_claims = validate_id_token(first, jwks, issuer, authorization.nonce)
    assert first["refresh_token"]

    # OIDC Core §12.2 / RFC 6749 §6: the refresh keeps the authentication's acr and auth_time.
    second = client.refresh(first["refresh_token"])
    assert second["refresh_token"] != first["refresh_token"]  # RFC 9700 §4.14.2 rotation
    _, access = validate_access_token(second, jwks, issuer)
    assert access["acr"] == "phr" and access["auth_time"] == first_claims["auth_time"]
    if "id_token" in second:
        refreshed = validate_id_token(second, jwks, issuer, nonce="")
        assert refreshed["acr"] == "phr" and refreshed["auth_time"] == first_claims["auth_time"]
        assert refreshed["sub"] == first_claims["sub"]

    # RFC 9700 §4.14.2: presenting the rotated-out token again is refused and revokes the family.
    with pytest.raises(OAuthError) as reused:
        client.refresh(first["refresh_token"])
    assert reused.value.error == "invalid_grant"
    with pytest.raises(OAuthError) as after:
        client.refresh(second["refresh_token"])
    assert after.value.error == "invalid_grant"


# -- 3. Authorization code reuse (RFC 6749 §4.1.2, §10.5) ----------------------------------------------------
def test_code_reuse_fails_and_revokes_tokens(client: Client, server: Server, discovery: dict, synced: Person) -> None:
    authorization = client.authorization()
    callback = callback_from(synced.browser, authorization)
    assert_code_redirect(server, callback, authorization, discovery["issuer"])
    first = client.fetch_token(callback, authorization)
    with pytest.raises(OAuthError) as again:
        client.fetch_token(callback, authorization)
    assert again.value.error == "invalid_grant"
    # RFC 6749 §4.1.2: the tokens issued from that code SHOULD be revoked; Passbank does.
    with pytest.raises(OAuthError) as refresh:
        client.refresh(first["refresh_token"])
    assert refresh.value.error == "invalid_grant"


# -- 4. Refusals --------------------------------------------------------------------------------------------
def assert_error_page(response: requests.Response) -> None:
    """RFC 6749 §4.1.2.1: an invalid client or redirect URI is shown to the person, never redirected."""
    assert response.status_code == 400, (response.status_code, response.headers.get("Location"))
    assert "Location" not in response.headers
    assert response.headers["Content-Type"].startswith("text/html")


def test_redirect_uri_mismatch_shows_a_page(server: Server, discovery: dict, synced: Person) -> None:
    client = Client(server, discovery)
    client.session.redirect_uri = server.origin + "/app/elsewhere/"
    assert_error_page(synced.browser.get(client.authorization().url))
    client.session.redirect_uri = "https://attacker.example/app/callback/"
    assert_error_page(synced.browser.get(client.authorization().url))


def test_unknown_client_shows_a_page(server: Server, discovery: dict, synced: Person) -> None:
    client = Client(server, discovery, client_id="no-such-client")
    assert_error_page(synced.browser.get(client.authorization().url))


def test_missing_pkce_is_an_invalid_request(server: Server, discovery: dict, synced: Person) -> None:
    """RFC 7636 §4.4.1 and DESIGN.md: a public client must send a code_challenge (S256)."""
    client = Client(server, discovery, pkce=False)
    authorization = client.authorization()
    assert "code_challenge" not in authorization.url
    callback = callback_from(synced.browser, authorization)
    assert_error_redirect(server, callback, "invalid_request", discovery["issuer"], authorization.state)


def test_plain_pkce_method_is_refused(server: Server, discovery: dict, synced: Person) -> None:
    """RFC 7636 §4.3 / discovery says S256 only."""
    client = Client(server, discovery)
    authorization = client.authorization(code_challenge_method="plain")
    url = authorization.url.replace("code_challenge_method=S256", "code_challenge_method=plain")
    callback = location(synced.browser.get(url))
    assert_error_redirect(server, callback, "invalid_request", discovery["issuer"], authorization.state)


def test_wrong_code_verifier_is_an_invalid_grant(client: Client, server: Server, discovery: dict, synced: Person) -> None:
    """RFC 7636 §4.6: the server recomputes S256(code_verifier) and compares."""
    authorization = client.authorization()
    callback = callback_from(synced.browser, authorization)
    assert_code_redirect(server, callback, authorization, discovery["issuer"])
    with pytest.raises(OAuthError) as refused:
        client.fetch_token(callback, authorization, code_verifier=secrets.token_urlsafe(48))
    assert refused.value.error == "invalid_grant"
    assert client.last_token_response is not None and client.last_token_response.status_code == 400


def test_unknown_client_at_the_token_endpoint(server: Server, discovery: dict, client: Client, synced: Person) -> None:
    """RFC 6749 §5.2: invalid_client, 401."""
    authorization = client.authorization()
    callback = callback_from(synced.browser, authorization)
    stranger = Client(server, discovery, client_id="no-such-client")
    with pytest.raises(OAuthError) as refused:
        stranger.fetch_token(callback, authorization)
    assert refused.value.error == "invalid_client"
    assert stranger.last_token_response is not None and stranger.last_token_response.status_code == 401


def test_prompt_none_without_a_session_is_login_required(server: Server, client: Client, discovery: dict) -> None:
    """OIDC Core §3.1.2.6: prompt=none and nobody signed in -> login_required at the redirect URI."""
    authorization = client.authorization(prompt="none")
    callback = callback_from(Browser(server), authorization)
    assert_error_redirect(server, callback, "login_required", discovery["issuer"], authorization.state)


def test_essential_phrh_for_a_synced_only_person_is_unmet(server: Server, client: Client, discovery: dict, synced: Person) -> None:
    """OIDC Core §5.5.1.1 essential acr; RFC 9470 §4 / OpenID EAP error unmet_authentication_requirements."""
    authorization = client.authorization(claims=PHRH_ESSENTIAL)
    callback = callback_from(synced.browser, authorization)
    assert_error_redirect(server, callback, "unmet_authentication_requirements", discovery["issuer"], authorization.state)


# -- 5. Security key (device-bound, attested) reaches phrh; synced gets phr --------------------------------
def test_security_key_sign_up_gives_phrh(client: Client, discovery: dict, jwks: dict, keyholder: Person) -> None:
    token, authorization = code_flow(keyholder, client)
    id_token = validate_id_token(token, jwks, discovery["issuer"], authorization.nonce)
    _, access = validate_access_token(token, jwks, discovery["issuer"])
    assert id_token["acr"] == "phrh" and access["acr"] == "phrh"
    assert "hwk" in id_token["amr"] and "hwk" in access["amr"]  # RFC 8176 §2


@pytest.mark.parametrize("kind", ["synced", "security-key"])
def test_sign_in_through_the_sign_in_page(
    kind: str, server: Server, client: Client, discovery: dict, jwks: dict, authority: AttestationAuthority
) -> None:
    """A fresh browser: authorize -> /signin/?request= -> passkey ceremony -> redirect -> code."""
    authenticator = SoftAuthenticator(server.origin, attestation=authority if kind == "security-key" else None)
    person = sign_up(server, authenticator, kind)
    expected = "phrh" if kind == "security-key" else "phr"
    browser = Browser(server)  # another browser: no session
    authorization = client.authorization(acr_values="phr")
    request = pending_request(location(browser.get(authorization.url)), "/signin/")
    answer = browser.sign_in(authenticator, request=request)  # discoverable: no username (autofill)
    assert answer["acr"] == expected
    callback = location(browser.get(answer["redirect"]))
    assert_code_redirect(server, callback, authorization, discovery["issuer"])
    token = client.fetch_token(callback, authorization)
    id_token = validate_id_token(token, jwks, discovery["issuer"], authorization.nonce)
    _, access = validate_access_token(token, jwks, discovery["issuer"])
    assert id_token["acr"] == access["acr"] == expected
    assert id_token.get("preferred_username", person.username) == person.username


def test_essential_phrh_sends_a_fresh_browser_to_sign_in_and_a_key_answers(
    server: Server, client: Client, discovery: dict, jwks: dict, keyholder: Person
) -> None:
    browser = Browser(server)
    authorization = client.authorization(claims=PHRH_ESSENTIAL, login_hint=keyholder.username)
    request = pending_request(location(browser.get(authorization.url)), "/signin/")
    answer = browser.sign_in(keyholder.authenticator, request=request)
    callback = location(browser.get(answer["redirect"]))
    token = client.fetch_token(callback, authorization)
    assert validate_id_token(token, jwks, discovery["issuer"], authorization.nonce)["acr"] == "phrh"


# -- 6. Step-up (DESIGN.md flow 5, RFC 9470 acr_values + max_age) -----------------------------------------
def test_step_up_with_own_security_key(
    server: Server,
    client: Client,
    discovery: dict,
    jwks: dict,
    authority: AttestationAuthority,
    other_authority: AttestationAuthority,
) -> None:
    issuer = discovery["issuer"]
    person = sign_up(server, SoftAuthenticator(server.origin), "stepper")
    first, authorization = code_flow(person, client)
    before = validate_id_token(first, jwks, issuer, authorization.nonce)
    assert before["acr"] == "phr"

    # The signed-in person adds a security key of their own (hold 0 in this server).
    own_key = SoftAuthenticator(server.origin, attestation=authority)
    added = person.browser.register(own_key)
    assert added["passkey"]["assurance"] == "phrh", added
    assert added["passkey"]["backupEligible"] is False
    other = sign_up(server, SoftAuthenticator(server.origin, attestation=other_authority), "other")

    time.sleep(1.1)  # so that the step-up's auth_time is visibly newer
    step_up = client.authorization(acr_values="phrh", max_age=300)
    request = pending_request(location(person.browser.get(step_up.url)), "/step-up/")

    # Only the account's high-assurance passkeys may answer (user verification required).
    options = person.browser.authentication_options(request=request)["publicKey"]
    allowed = {descriptor["id"] for descriptor in options["allowCredentials"]}
    assert allowed == {added["passkey"]["id"]}
    assert options["userVerification"] == "required"

    # Another person's security key is refused, and the step-up does not happen.
    with pytest.raises(Problem) as refused:
        person.browser.sign_in(other.authenticator, request=request, credential=other.authenticator.credentials[0])
    assert refused.value.status in (400, 401, 403)
    assert refused.value.code == "passkey-not-allowed", refused.value.body

    answer = person.browser.sign_in(own_key, request=request)
    assert answer["acr"] == "phrh"
    callback = location(person.browser.get(answer["redirect"]))
    assert_code_redirect(server, callback, step_up, issuer)
    token = client.fetch_token(callback, step_up)
    after = validate_id_token(token, jwks, issuer, step_up.nonce, max_age=300)
    _, access = validate_access_token(token, jwks, issuer)
    assert after["acr"] == access["acr"] == "phrh"
    assert after["sub"] == before["sub"] == access["sub"]
    assert after["auth_time"] > before["auth_time"]
    assert access["aud"] in (API_AUDIENCE, [API_AUDIENCE]) and access["client_id"] == CLIENT_ID


def test_a_fresh_step_up_with_prompt_login_renews_auth_time_for_high_risk_operations(
    server: Server, discovery: dict, jwks: dict, authority: AttestationAuthority
) -> None:
    """BankCustomer.step_up (what the schemathesis run uses to stay within max_age): acr_values=phrh
    with prompt=login asks for the security key again, and the new token is phrh with a later
    auth_time; with it, a high-risk operation (adding a payee) is done, not challenged."""
    key = SoftAuthenticator(server.origin, attestation=authority)
    customer = BankCustomer.sign_up(server, discovery, prefix="fresh", authenticator=key)
    _, before = validate_access_token(customer.token, jwks, discovery["issuer"])
    payee = BankCustomer.sign_up(server, discovery, prefix="payee").api().accounts()[0]["number"]
    time.sleep(1.1)  # so that the new auth_time is visibly later
    customer.step_up(key)
    _, after = validate_access_token(customer.token, jwks, discovery["issuer"])
    assert after["acr"] == "phrh" and after["auth_time"] > before["auth_time"], (before, after)
    added = customer.api().call("POST", "/api/payees", json.dumps({"name": "Landlord", "number": payee}).encode())
    assert added.status == 201, added.describe()


def test_step_up_without_a_security_key_is_refused_at_options(server: Server, client: Client, synced: Person) -> None:
    """DESIGN.md flow 5: a person without a high-assurance passkey is told so."""
    step_up = client.authorization(acr_values="phrh", max_age=300)
    url = location(synced.browser.get(step_up.url))
    if url.startswith(server.redirect_uri):
        # Refused at once at the redirect URI (what Passbank does today), never a code at phr.
        assert_error_redirect(server, url, "unmet_authentication_requirements", client.discovery["issuer"], step_up.state)
        return
    request = pending_request(url, "/step-up/")
    with pytest.raises(Problem) as refused:
        synced.browser.authentication_options(request=request)
    assert refused.value.code == "no-high-assurance-passkey"
