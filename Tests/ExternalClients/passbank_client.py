"""The browser's and the relying party app's side of Passbank, for the external suite.

* `Browser`: a cookie jar (the provider session) that sends same-origin JSON like the web client and
  never follows redirects on its own, so each Location can be inspected.
* `Client`: the `passbank-web` OpenID client, an Authlib `OAuth2Session` (public, PKCE S256).
* token checks with joserfc (JWS against the JWKS) and Authlib's `CodeIDToken` (OIDC Core §3.1.3.7).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.jwk import KeySet

from softauthn import SoftAuthenticator

CLIENT_ID = "passbank-web"
API_AUDIENCE = "passbank-api"
SIGNING_ALGORITHMS = ["ES256", "RS256"]


@dataclass(frozen=True)
class Server:
    origin: str

    def url(self, path: str) -> str:
        return urljoin(self.origin, path)

    @property
    def redirect_uri(self) -> str:
        return f"{self.origin}/app/callback/"


class Problem(Exception):
    """An RFC 9457 problem answer from a JSON endpoint."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(f"{status} {body}")
        self.status = status
        self.body = body
        self.code = body.get("code")


@dataclass
class Browser:
    """One browser profile: its cookies are the provider session."""

    server: Server
    http: requests.Session = field(default_factory=requests.Session)

    def post_json(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.http.post(
            self.server.url(path),
            json=body,
            headers={"Origin": self.server.origin, "Content-Type": "application/json"},
            allow_redirects=False,
            timeout=10,
        )
        if response.status_code >= 400:
            assert response.headers.get("Content-Type", "").startswith("application/problem+json"), response.text
            raise Problem(response.status_code, response.json())
        return response.json()

    def get(self, url: str) -> requests.Response:
        return self.http.get(self.server.url(url), allow_redirects=False, timeout=10)

    # -- ceremonies (DESIGN.md "HTTP surface") ----------------------------------------------------------
    def register(
        self,
        authenticator: SoftAuthenticator,
        username: Optional[str] = None,
        request: Optional[str] = None,
    ) -> dict[str, Any]:
        """Sign-up (no session) or adding a passkey (signed in); returns `{"passkey", "redirect"?}`."""
        body: dict[str, Any] = {"authenticator": "security-key" if authenticator.device_bound else "client-device"}
        if username:
            body |= {"username": username, "displayName": username.title()}
        if request:
            body["request"] = request
        options = self.post_json("/webauthn/registration/options", body)
        credential = authenticator.create(options["publicKey"])
        return self.post_json(
            "/webauthn/registration/verify", {"ceremonyId": options["ceremonyId"], "credential": credential}
        )

    def authentication_options(self, request: Optional[str] = None, username: Optional[str] = None) -> dict[str, Any]:
        body = {key: value for key, value in {"request": request, "username": username}.items() if value}
        return self.post_json("/webauthn/authentication/options", body)

    def sign_in(
        self,
        authenticator: SoftAuthenticator,
        request: Optional[str] = None,
        username: Optional[str] = None,
        credential=None,
    ) -> dict[str, Any]:
        """A passkey sign-in (WebAuthn L3 §7.2); returns `{"acr", "amr", "redirect"?}`."""
        options = self.authentication_options(request=request, username=username)
        answer = authenticator.get(options["publicKey"], credential=credential)
        return self.post_json("/webauthn/authentication/verify", {"ceremonyId": options["ceremonyId"], "credential": answer})


def location(response: requests.Response) -> str:
    assert response.status_code in (302, 303), f"expected a redirect, got {response.status_code}: {response.text[:300]}"
    return response.headers["Location"]


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def pending_request(url: str, page: str) -> str:
    """The `request` id of a `/signin/?request=…` or `/step-up/?request=…` redirect."""
    parts = urlsplit(url)
    assert parts.path == page, f"expected {page}, got {url}"
    return query(url)["request"]


@dataclass
class Authorization:
    url: str
    state: str
    nonce: str
    code_verifier: str


class Client:
    """The public `passbank-web` client: Authlib's OAuth2Session with PKCE S256 (RFC 7636)."""

    def __init__(self, server: Server, discovery: dict[str, Any], client_id: str = CLIENT_ID, pkce: bool = True):
        self.server = server
        self.discovery = discovery
        self.session = OAuth2Session(
            client_id=client_id,
            redirect_uri=server.redirect_uri,
            scope="openid profile offline_access",
            token_endpoint_auth_method="none",
            code_challenge_method="S256" if pkce else None,
        )
        self.last_token_response: Optional[requests.Response] = None
        for hook in ("access_token_response", "refresh_token_response"):
            self.session.register_compliance_hook(hook, self.record)

    def record(self, response: requests.Response) -> requests.Response:
        self.last_token_response = response
        return response

    def authorization(self, **params: Any) -> Authorization:
        verifier = secrets.token_urlsafe(48)
        nonce = secrets.token_urlsafe(16)
        url, state = self.session.create_authorization_url(
            self.discovery["authorization_endpoint"], code_verifier=verifier, nonce=nonce, **params
        )
        return Authorization(url=url, state=state, nonce=nonce, code_verifier=verifier)

    def fetch_token(self, callback_url: str, authorization: Authorization, code_verifier: Optional[str] = None) -> dict:
        return dict(
            self.session.fetch_token(
                self.discovery["token_endpoint"],
                authorization_response=callback_url,
                state=authorization.state,
                code_verifier=code_verifier or authorization.code_verifier,
            )
        )

    def refresh(self, refresh_token: str) -> dict:
        return dict(self.session.refresh_token(self.discovery["token_endpoint"], refresh_token=refresh_token))


def callback_from(browser: Browser, authorization: Authorization) -> str:
    """GET the authorization URL with the browser's session; returns the redirect it answers with."""
    return location(browser.get(authorization.url))


def assert_code_redirect(server: Server, url: str, authorization: Authorization, issuer: str) -> dict[str, str]:
    """RFC 6749 §4.1.2 code and state; RFC 9207 §2 iss."""
    assert url.startswith(server.redirect_uri + "?"), url
    params = query(url)
    assert "error" not in params, params
    assert params["state"] == authorization.state
    assert params["iss"] == issuer
    assert params["code"]
    return params


def assert_error_redirect(server: Server, url: str, error: str, issuer: str, state: Optional[str]) -> dict[str, str]:
    """RFC 6749 §4.1.2.1 error at the redirect URI, with state; RFC 9207 §2 iss."""
    assert url.startswith(server.redirect_uri + "?"), url
    params = query(url)
    assert params.get("error") == error, params
    assert "code" not in params
    assert params["iss"] == issuer
    if state:
        assert params["state"] == state
    return params


# -- token validation ----------------------------------------------------------------------------------
def verify_jws(token: str, jwks: dict[str, Any]) -> jwt.Token:
    """Verifies a compact JWS against the provider's JWKS by `kid` (RFC 7515, RFC 7517 §4.5)."""
    keys = KeySet.import_key_set(jwks)
    decoded = jwt.decode(token, keys, algorithms=SIGNING_ALGORITHMS)
    assert decoded.header.get("kid") in {key["kid"] for key in jwks["keys"]}, decoded.header
    return decoded


def validate_id_token(
    token: dict[str, Any], jwks: dict[str, Any], issuer: str, nonce: str, max_age: Optional[int] = None
) -> dict[str, Any]:
    """OIDC Core §3.1.3.7: signature, iss, aud, azp, exp, iat, nonce; auth_time when max_age was asked."""
    decoded = verify_jws(token["id_token"], jwks)
    params = {"nonce": nonce, "client_id": CLIENT_ID, "access_token": token["access_token"]}
    if max_age is not None:
        params["max_age"] = max_age
    claims = CodeIDToken(
        decoded.claims,
        decoded.header,
        options={"iss": {"essential": True, "value": issuer}, "aud": {"essential": True, "value": CLIENT_ID}},
        params=params,
    )
    claims.validate(leeway=5)
    assert claims["aud"] == CLIENT_ID or CLIENT_ID in claims["aud"]
    for name in ("sub", "auth_time", "acr", "sid"):
        assert name in claims, f"ID token lacks {name}: {dict(claims)}"
    if max_age is not None:
        # OIDC Core §3.1.2.1 max_age: the authentication is at most max_age old.
        assert time.time() - claims["auth_time"] <= max_age + 5
    return dict(claims)


def validate_access_token(token: dict[str, Any], jwks: dict[str, Any], issuer: str) -> tuple[dict, dict]:
    """RFC 9068 §2.1 header typ at+jwt; §2.2 claims iss, exp, aud, sub, client_id, iat, jti, plus
    scope and the authentication information acr, amr, auth_time (§2.2.1, §2.2.3)."""
    decoded = verify_jws(token["access_token"], jwks)
    header, claims = decoded.header, decoded.claims
    assert header["typ"].lower() in ("at+jwt", "application/at+jwt"), header
    assert claims["iss"] == issuer
    assert claims["aud"] == API_AUDIENCE or claims["aud"] == [API_AUDIENCE], claims
    assert claims["client_id"] == CLIENT_ID
    for name in ("sub", "iat", "exp", "jti", "scope", "acr", "amr", "auth_time"):
        assert name in claims, f"access token lacks {name}: {claims}"
    assert claims["exp"] == claims["iat"] + 300, claims
    assert abs(claims["iat"] - time.time()) < 30
    assert set(claims["scope"].split()) >= {"openid"}
    assert token["token_type"].lower() == "bearer"
    return header, claims
