"""The consent page (security review finding 9, OIDC Core §3.1.2.4): a third-party client from the
deployment file gets no code until the signed-in person allows it on /consent/; "Don't allow" sends the
client access_denied; the app lists the apps with access and takes access back."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest
import requests

import flows
from conftest import start_server
from flows import unique_username
from support import PLATFORM_AUTHENTICATOR, copy, free_port

CLIENT_ID = "budget-app"
CLIENT_NAME = "Budget App"


class _Partner(BaseHTTPRequestHandler):
    """The third party's own site: a plain page at its redirect URI (and no favicon)."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path.startswith("/favicon"):
            self.send_response(204)
            self.end_headers()
            return
        body = b"<!doctype html><html lang='en'><title>Budget App</title><main><h1>Budget App</h1></main></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # noqa: ANN002 - quiet
        pass


@pytest.fixture(scope="module")
def partner() -> Iterator[str]:
    """The partner's redirect URI, served on a free loopback port."""
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), _Partner)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/callback"
    server.shutdown()


@pytest.fixture(scope="module")
def bank(binary: str, partner: str, tmp_path_factory: pytest.TempPathFactory):
    """The bank with one third-party client that may also move money (so the page shows its warning)."""
    work = tmp_path_factory.mktemp("bank-consent")
    deployment = Path(work) / "deployment.json"
    deployment.write_text(
        json.dumps(
            {
                "clients": [
                    {
                        "id": CLIENT_ID,
                        "name": CLIENT_NAME,
                        "redirectURIs": [partner],
                        "scopes": ["openid", "profile", "offline_access", "accounts", "payments"],
                    }
                ]
            }
        )
    )
    instance = start_server(binary, work, "--deployment", str(deployment))
    yield instance
    instance.stop()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _authorize_path(partner: str, verifier: str, scope: str, **extra: str) -> str:
    query = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": partner,
        "scope": scope,
        "state": "partner-state",
        "code_challenge": _b64url(hashlib.sha256(verifier.encode()).digest()),
        "code_challenge_method": "S256",
        **extra,
    }
    return "/oauth2/authorize?" + urllib.parse.urlencode(query)


def _answer(browser) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(browser.driver.current_url).query))


def test_consent_allow_deny_and_withdraw(bank, partner, open_browser):
    browser = open_browser(bank)
    browser.add_authenticator(PLATFORM_AUTHENTICATOR)
    flows.sign_up(browser, unique_username("carla"), "Carla Example")

    # The partner sends Carla to the bank: she is asked, with what the app could do in her words.
    verifier = secrets.token_urlsafe(32)
    scope = "openid profile accounts payments"
    browser.get(_authorize_path(partner, verifier, scope))
    browser.wait(lambda: browser.visible("#consent-question"), "the consent question")
    assert browser.path == "/consent/"
    assert browser.text("h1") == copy("consent.heading", client=CLIENT_NAME)
    assert browser.texts("[data-consent-scopes] li") == [
        copy("consent.scope_openid"),
        copy("consent.scope_profile"),
        copy("consent.scope_accounts"),
        copy("consent.scope_payments"),
    ]
    assert browser.text("[data-consent-sensitive]") == copy("consent.sensitive_note", client=CLIENT_NAME)
    browser.shot("consent-a-question", "A third-party app asks to use the account: what it could do, Allow or Don't allow")
    assert not browser.axe("consent"), "axe: serious or critical violations on /consent/"

    # Keyboard: the answer buttons are reachable in order, Allow first.
    browser.js("document.querySelector('[data-approve]').focus()")
    assert browser.focused() == "BUTTON"
    browser.click("[data-approve]")
    browser.wait(lambda: browser.driver.current_url.startswith(partner), "the partner's redirect URI")
    answer = _answer(browser)
    assert answer.get("state") == "partner-state" and answer.get("iss") == bank.origin and answer.get("code"), answer
    token = requests.post(
        f"{bank.origin}/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": answer["code"],
            "redirect_uri": partner,
            "client_id": CLIENT_ID,
            "code_verifier": verifier,
        },
        timeout=10,
    )
    assert token.status_code == 200, token.text
    assert token.json()["scope"] == scope

    # The app lists Budget App under "Apps with access".
    browser.get("/app/")
    flows.wait_for_app(browser)
    browser.wait(lambda: browser.visible("#apps .item"), "the apps with access")
    assert browser.text("#apps .item [data-name]") == CLIENT_NAME
    assert copy("consent.scope_payments") in browser.texts("#apps .item [data-facts] li")
    browser.js("document.getElementById('apps').scrollIntoView()")
    browser.shot("consent-b-apps-with-access", "The app's 'Apps with access': Budget App, what it may do, take back access")
    assert not browser.axe("app-apps"), "axe: serious or critical violations on /app/ with an app listed"

    # prompt=consent asks again; "Don't allow" tells the partner access_denied.
    browser.get(_authorize_path(partner, secrets.token_urlsafe(32), "openid", prompt="consent"))
    browser.wait(lambda: browser.visible("#consent-question"), "the consent question again")
    browser.click("[data-deny]")
    browser.wait(lambda: browser.driver.current_url.startswith(partner), "the partner's redirect URI")
    answer = _answer(browser)
    assert answer.get("error") == "access_denied" and answer.get("state") == "partner-state" and "code" not in answer, answer

    # Taking access back: the partner's token stops working, and the list is empty.
    browser.get("/app/")
    flows.wait_for_app(browser)
    browser.wait(lambda: browser.visible("#apps .item"), "the apps with access")
    browser.click("#apps .item [data-withdraw]")
    assert browser.text("#apps .item [data-withdraw-question]") == copy("app.app_withdraw_question", name=CLIENT_NAME)
    browser.click("#apps .item [data-withdraw-yes]")
    browser.wait(lambda: browser.visible("#apps [data-state=empty]"), "the empty list of apps")
    browser.wait(lambda: browser.status() == copy("app.app_withdrawn", name=CLIENT_NAME), "the 'access taken back' message")
    accounts = requests.get(
        f"{bank.origin}/api/accounts", headers={"Authorization": f"Bearer {token.json()['access_token']}"}, timeout=10
    )
    assert accounts.status_code == 401


def test_consent_page_without_a_request(bank, open_browser):
    """Opened by hand (no ?request=): says there is nothing to answer and offers the accounts."""
    browser = open_browser(bank)
    browser.get("/consent/")
    browser.wait(lambda: browser.visible("#consent-missing"), "the 'nothing to answer' panel")
    assert browser.text("#consent-missing-title") == copy("consent.missing_heading")
    assert not browser.axe("consent-missing"), "axe: serious or critical violations on /consent/ without a request"
