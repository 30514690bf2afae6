"""A bank customer seen from outside: signs up with a synced passkey, holds `passbank-web` tokens for
the banking scopes, and calls the banking API (docs/banking-api.md) with raw HTTP, so that a lost
answer (connection reset) is told apart from any answer the server gave.

Used by test_banking_durability.py and by scripts/bench-setup.py; it imports no pytest.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import urlsplit

import requests

from passbank_client import Browser, Client, Server, assert_code_redirect, callback_from, location, pending_request
from softauthn import SoftAuthenticator

# docs/banking-api.md "Scopes": what the web client asks for.
BANKING_SCOPE = "openid profile offline_access accounts payments passkeys"
# DESIGN.md flow 1: the demo money every new customer gets, in minor units.
OPENING_BALANCES = {"Everyday": 500_000, "Savings": 1_000_000}
# Access tokens live 300 s; refresh well before that.
TOKEN_REFRESH_AFTER = 200.0

# The answer headers a failure report shows (the security headers every answer has are left out).
SHOWN_RESPONSE_HEADERS = {"content-type", "idempotent-replayed", "www-authenticate", "retry-after", "location"}
MONEY = re.compile(r"^(-?)(\d{1,15})\.(\d{2})$")


def cents(money: dict[str, Any]) -> int:
    """`{"amount": "-12.34", "currency": "EUR"}` -> -1234, refusing anything but the wire form."""
    assert money.get("currency") == "EUR", f"not EUR money: {money}"
    match = MONEY.match(str(money.get("amount")))
    assert match, f"amount is not a decimal string with two minor digits: {money}"
    sign, units, minor = match.groups()
    value = int(units) * 100 + int(minor)
    return -value if sign else value


def money(value: int) -> dict[str, str]:
    """Minor units -> the wire form of a positive amount."""
    assert value > 0
    return {"amount": f"{value // 100}.{value % 100:02d}", "currency": "EUR"}


def discover(server: Server) -> dict[str, Any]:
    response = requests.get(server.url("/.well-known/openid-configuration"), timeout=10)
    assert response.status_code == 200, f"discovery: {response.status_code} {response.text[:300]}"
    return response.json()


@dataclass
class Answer:
    """One HTTP exchange: `status` is None when no answer came back (`error` says why)."""

    method: str
    path: str
    request_headers: dict[str, str]
    request_body: Optional[bytes]
    started: float
    ended: float
    status: Optional[int] = None
    headers: dict[str, str] = field(default_factory=dict)
    text: str = ""
    error: Optional[str] = None
    timed_out: bool = False

    @property
    def json(self) -> Any:
        return json.loads(self.text)

    @property
    def replayed(self) -> Optional[str]:
        return self.headers.get("idempotent-replayed")

    @property
    def code(self) -> Optional[str]:
        if self.status is None or self.status < 400:
            return None
        try:
            return self.json.get("code")
        except ValueError:
            return None

    def describe(self) -> str:
        """The whole exchange, for a failure message (the token is cut)."""
        # The headers that matter to the bank's answer; the bearer token stays out of reports.
        shown = {k: v for k, v in self.request_headers.items() if k.lower() in ("idempotency-key", "origin")}
        headers = " ".join(f"{k}: {v}" for k, v in shown.items())
        body = self.request_body.decode() if self.request_body else ""
        if self.status is None:
            outcome = f"no answer ({self.error})"
        else:
            answered = {k: v for k, v in self.headers.items() if k in SHOWN_RESPONSE_HEADERS}
            outcome = f"{self.status} {json.dumps(answered)} {self.text[:600]}"
        took = f"{self.ended - self.started:.3f} s" if self.ended else "unfinished"
        return f"[{self.method} {self.path} {headers} {body} -> {outcome} after {took}]"


class BankAPI:
    """The banking API with one bearer token, over one keep-alive connection pool (one per thread)."""

    def __init__(self, server: Server, token: str, timeout: tuple[float, float] = (3.0, 15.0)) -> None:
        self.server = server
        self.token = token
        self.timeout = timeout
        self.http = requests.Session()

    def close(self) -> None:
        self.http.close()

    def call(
        self, method: str, path: str, body: Optional[bytes] = None, headers: Optional[dict[str, str]] = None
    ) -> Answer:
        sent = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if body is not None:
            sent |= {"Content-Type": "application/json", "Origin": self.server.origin}
        sent |= headers or {}
        answer = Answer(method, path, sent, body, started=time.monotonic(), ended=0.0)
        try:
            response = self.http.request(
                method, self.server.url(path), data=body, headers=sent, timeout=self.timeout, allow_redirects=False
            )
            answer.status = response.status_code
            answer.headers = {k.lower(): v for k, v in response.headers.items()}
            answer.text = response.text
        except requests.Timeout as error:
            answer.error, answer.timed_out = f"{type(error).__name__}: {error}", True
        except requests.RequestException as error:
            answer.error = f"{type(error).__name__}: {error}"
        answer.ended = time.monotonic()
        return answer

    def get_json(self, path: str) -> Any:
        answer = self.call("GET", path)
        assert answer.status == 200, answer.describe()
        assert answer.headers.get("content-type", "").startswith("application/json"), answer.describe()
        return answer.json

    def transfer(self, key: str, body: bytes) -> Answer:
        return self.call("POST", "/api/transfers", body, {"Idempotency-Key": key})

    def accounts(self) -> list[dict[str, Any]]:
        return self.get_json("/api/accounts")["accounts"]

    def history(self, account_id: str, limit: int = 100, max_pages: int = 1000) -> list[dict[str, Any]]:
        """Every transaction of one account, newest first, following `nextCursor` to the end."""
        entries: list[dict[str, Any]] = []
        cursor: Optional[str] = None
        seen_cursors: set[str] = set()
        for _ in range(max_pages):
            path = f"/api/accounts/{account_id}/transactions?limit={limit}"
            if cursor:
                path += "&cursor=" + requests.utils.quote(cursor, safe="")
            page = self.get_json(path)
            assert len(page["transactions"]) <= limit, f"{path} gave {len(page['transactions'])} > limit"
            entries += page["transactions"]
            cursor = page.get("nextCursor")
            if not cursor:
                return entries
            assert cursor not in seen_cursors, f"{path}: nextCursor {cursor!r} came back again (a loop)"
            seen_cursors.add(cursor)
        raise AssertionError(f"history of {account_id} did not end within {max_pages} pages")


@dataclass
class BankCustomer:
    """Someone who signed up with a synced passkey, with `passbank-web` tokens for the bank's scopes."""

    server: Server
    discovery: dict[str, Any]
    username: str
    browser: Browser
    authenticator: SoftAuthenticator
    client: Client
    token: dict[str, Any] = field(default_factory=dict)
    token_time: float = 0.0
    accounts: dict[str, str] = field(default_factory=dict)  # name -> id

    @classmethod
    def sign_up(
        cls,
        server: Server,
        discovery: dict[str, Any],
        prefix: str = "bank",
        authenticator: Optional[SoftAuthenticator] = None,
    ) -> "BankCustomer":
        """DESIGN.md flow 1 with a synced passkey (or `authenticator`, e.g. an attested security key,
        which then counts for step-up at once), then the code flow with PKCE for BANKING_SCOPE."""
        authenticator = authenticator or SoftAuthenticator(server.origin)
        browser = Browser(server)
        username = f"{prefix}-{secrets.token_hex(4)}"
        browser.register(authenticator, username=username)
        client = Client(server, discovery)
        client.session.scope = BANKING_SCOPE
        customer = cls(server, discovery, username, browser, authenticator, client)
        customer.authorize()
        customer.accounts = {account["name"]: account["id"] for account in customer.api().accounts()}
        return customer

    def authorize(self) -> None:
        """RFC 6749 §4.1 + RFC 7636 with the browser's provider session."""
        authorization = self.client.authorization()
        callback = callback_from(self.browser, authorization)
        assert_code_redirect(self.server, callback, authorization, self.discovery["issuer"])
        self.token = self.client.fetch_token(callback, authorization)
        assert set(self.token.get("scope", BANKING_SCOPE).split()) >= {"accounts", "payments"}, self.token
        self.token_time = time.monotonic()

    def step_up(self, key: SoftAuthenticator) -> None:
        """DESIGN.md flow 5 on demand: authorize with `acr_values=phrh` and `prompt=login` (OIDC Core
        §3.1.2.1: only an authentication after this request counts), and `key` answers on the page
        the provider sends the browser to. The new tokens are `phrh` with a fresh `auth_time`."""
        authorization = self.client.authorization(acr_values="phrh", prompt="login", login_hint=self.username)
        page = location(self.browser.get(authorization.url))
        path = urlsplit(page).path
        assert path in ("/signin/", "/step-up/"), f"expected a sign-in page, got {page}"
        answer = self.browser.sign_in(key, request=pending_request(page, path))
        assert answer["acr"] == "phrh", answer
        callback = location(self.browser.get(answer["redirect"]))
        assert_code_redirect(self.server, callback, authorization, self.discovery["issuer"])
        self.token = self.client.fetch_token(callback, authorization)
        self.token_time = time.monotonic()

    def refresh(self) -> None:
        """RFC 6749 §6 (the refresh token rotates)."""
        self.token = self.client.refresh(self.token["refresh_token"])
        self.token_time = time.monotonic()

    def fresh_access_token(self) -> str:
        if time.monotonic() - self.token_time > TOKEN_REFRESH_AFTER:
            self.refresh()
        return self.token["access_token"]

    def api(self, timeout: tuple[float, float] = (3.0, 15.0)) -> BankAPI:
        return BankAPI(self.server, self.fresh_access_token(), timeout)
