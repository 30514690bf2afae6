"""The web client's guards on the OAuth round trip (issue 14): an authorization response without `iss`
is refused by the page (RFC 9207 §2.4)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request

import flows
from flows import unique_username
from support import PLATFORM_AUTHENTICATOR, copy

SCOPE = "openid profile offline_access accounts payments passkeys"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003 - urllib's signature
        return None


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _session_cookie(browser) -> str:
    """The provider session cookie, as the browser holds it (WebDriver sees HttpOnly cookies)."""
    pairs = [f"{c['name']}={c['value']}" for c in browser.driver.get_cookies() if "session" in c["name"]]
    assert pairs, browser.driver.get_cookies()
    return "; ".join(pairs)


def _silent_authorize(server, cookie: str, *, state: str, nonce: str, verifier: str) -> dict[str, str]:
    """prompt=none from this session, outside the browser: the authorization response's parameters."""
    query = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": "passbank-web",
            "redirect_uri": f"{server.origin}/app/callback/",
            "scope": SCOPE,
            "state": state,
            "nonce": nonce,
            "code_challenge": _b64url(hashlib.sha256(verifier.encode()).digest()),
            "code_challenge_method": "S256",
            "prompt": "none",
        }
    )
    request = urllib.request.Request(f"{server.origin}/oauth2/authorize?{query}", headers={"Cookie": cookie})
    try:
        urllib.request.build_opener(_NoRedirect).open(request)
        raise AssertionError("authorize did not redirect")
    except urllib.error.HTTPError as redirect:
        assert redirect.code in (302, 303), redirect.code
        location = redirect.headers["Location"]
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))


def _redeem(server, code: str, verifier: str) -> int:
    body = urllib.parse.urlencode(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": f"{server.origin}/app/callback/",
            "client_id": "passbank-web",
            "code_verifier": verifier,
        }
    ).encode()
    request = urllib.request.Request(
        f"{server.origin}/oauth2/token", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_callback_without_iss_is_refused(server, open_browser):
    """RFC 9207 §2.4: this provider always sends iss, so the page refuses a response without it."""
    browser = open_browser(server)
    browser.add_authenticator(PLATFORM_AUTHENTICATOR)
    flows.sign_up(browser, unique_username("gina"), "Gina Example")
    cookie = _session_cookie(browser)

    # A genuine code for a round trip this page started (its state, nonce and verifier in sessionStorage),
    # delivered to the callback with the provider's `iss` stripped off.
    state, nonce, verifier = secrets.token_urlsafe(16), secrets.token_urlsafe(16), secrets.token_urlsafe(32)
    answer = _silent_authorize(server, cookie, state=state, nonce=nonce, verifier=verifier)
    assert answer.get("iss") == server.origin and answer.get("code"), answer
    browser.js(
        "sessionStorage.setItem('passbank.oauth.roundTrip', JSON.stringify(arguments[0]))",
        {"state": state, "verifier": verifier, "nonce": nonce, "purpose": "sign-in", "createdAt": browser.js("return Date.now()")},
    )
    browser.get("/app/callback/?" + urllib.parse.urlencode({"code": answer["code"], "state": state}))
    browser.wait(lambda: browser.visible("#app-gate"), "the sign-in gate")
    assert browser.text("[data-gate-message]") == copy("app.sign_in_failed")
    # The page never redeemed the code: it still works here, once.
    assert _redeem(server, answer["code"], verifier) == 200

