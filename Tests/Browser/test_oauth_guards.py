"""The web client's and the provider's guards on the OAuth round trip (issue 14): an authorization
response without `iss` is refused by the page (RFC 9207 §2.4), and a sign-out that did not come from
the app (no id_token_hint) asks the person before it ends the session (RP-Initiated Logout 1.0 §2)."""

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


def _signed_in(server, cookie: str) -> bool:
    answer = _silent_authorize(server, cookie, state="probe", nonce="probe", verifier=secrets.token_urlsafe(32))
    return "code" in answer


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


def test_bare_logout_asks_then_the_confirmation_signs_out(server, open_browser):
    """RP-Initiated Logout 1.0 §2: without the app's id_token_hint the provider asks; the answer is a
    same-origin form POST (the real browser's Origin / Sec-Fetch-Site), which signs out."""
    browser = open_browser(server)
    browser.add_authenticator(PLATFORM_AUTHENTICATOR)
    flows.sign_up(browser, unique_username("hugo"), "Hugo Example")
    cookie = _session_cookie(browser)

    # A sign-out link without id_token_hint (as another site could make) only asks.
    logout = urllib.parse.urlencode({"client_id": "passbank-web", "post_logout_redirect_uri": f"{server.origin}/"})
    browser.get(f"/oauth2/logout?{logout}")
    browser.wait(lambda: browser.text("h1") == "Sign out of Passbank?", "the sign-out confirmation")
    browser.shot("logout-a-confirmation", "A sign-out without the app's ID token asks the person first")
    assert _signed_in(server, cookie)
    # The person's own answer is a same-origin POST from that page: it signs out.
    browser.click("form[action='/oauth2/logout'] button[type=submit]")
    browser.wait(lambda: browser.path == "/", "the home page after signing out")
    assert not _signed_in(server, cookie)
