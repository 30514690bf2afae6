"""Schemathesis hooks for Passbank (scripts/schemathesis-tests.sh loads them with SCHEMATHESIS_HOOKS).

* `BankCustomerToken`: a real bearer access token for the banking API and userinfo. A customer signs up
  with the Python software authenticator of the external suite (a synced passkey, so `acr` `phr`) and
  runs the code flow with PKCE for every banking scope; the token is refreshed before it expires, so
  a longer run stays authenticated.
* `problem_document`: every 4xx from a JSON endpoint is an RFC 9457 problem with a stable `code`
  (DESIGN.md "HTTP surface"); the token and revocation endpoints answer RFC 6749 §5.2 error bodies
  instead; the rate limit's 429 and the router's answer to a method a path does not take are problems
  everywhere.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
from pathlib import Path
from typing import Any, Optional

import schemathesis

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ExternalClients"))

from bank_customer import BankCustomer, discover  # noqa: E402
from passbank_client import Server  # noqa: E402

ORIGIN = os.environ["PASSBANK_ORIGIN"]

# The paths whose errors are problems: ProblemMiddleware's JSON prefixes, and the JSON operations.
PROBLEM_PATHS = re.compile(r"^/(api/|webauthn/|auth/|\.well-known/|oauth2/jwks$|openapi\.json$|healthz$)")
# RFC 6749 §5.2 error bodies.
OAUTH_ERROR_PATHS = {"/oauth2/token", "/oauth2/revoke"}
PROBLEM_MEMBERS = {"type": str, "title": str, "status": int, "detail": str, "code": str}


@schemathesis.auth(refresh_interval=60, retry_on=[]).apply_to(path_regex=r"^/(api/|oauth2/userinfo$)")
class BankCustomerToken:
    """The bearer token of one customer who signed up when the first banking request was made."""

    customer: Optional[BankCustomer] = None
    lock = threading.Lock()

    def get(self, case: Any, context: Any) -> str:
        with BankCustomerToken.lock:
            if BankCustomerToken.customer is None:
                server = Server(origin=ORIGIN)
                BankCustomerToken.customer = BankCustomer.sign_up(server, discover(server), prefix="fuzz")
            return BankCustomerToken.customer.fresh_access_token()

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


def media_type(response: Any) -> str:
    values = response.headers.get("content-type") or [""]
    return values[0].split(";")[0].strip().lower()


def decoded(response: Any, what: str) -> Any:
    try:
        return json.loads(response.content)
    except ValueError as error:
        raise AssertionError(f"{what}: the body is not JSON ({error}): {response.content[:300]!r}") from None


@schemathesis.check
def problem_document(ctx: Any, response: Any, case: Any) -> None:
    """A 4xx from a JSON endpoint is `application/problem+json` with type, title, status, detail and code."""
    status = response.status_code
    if not 400 <= status < 500:
        return
    path = case.operation.path
    label = f"{status} from {case.method.upper()} {path}"
    # A method the path does not take is answered by the router, not the endpoint: a problem too.
    unrouted = case.method.upper() != case.operation.method.upper()
    if PROBLEM_PATHS.match(path) or status == 429 or unrouted:
        kind = media_type(response)
        if kind != "application/problem+json":
            raise AssertionError(f"{label} is {kind or 'untyped'}, not application/problem+json: {response.content[:300]!r}")
        body = decoded(response, label)
        if not isinstance(body, dict):
            raise AssertionError(f"{label}: the problem is not a JSON object: {body!r}")
        for member, kind in PROBLEM_MEMBERS.items():
            if not isinstance(body.get(member), kind):
                raise AssertionError(f"{label}: the problem has no {kind.__name__} `{member}`: {body}")
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", body["code"]):
            raise AssertionError(f"{label}: `code` {body['code']!r} is not a stable kebab-case code")
        if body["status"] != status:
            raise AssertionError(f"{label}: the problem says status {body['status']}")
    elif path in OAUTH_ERROR_PATHS:
        body = decoded(response, label)
        if media_type(response) != "application/json" or not isinstance(body, dict) or not isinstance(body.get("error"), str):
            raise AssertionError(f"{label} is not an RFC 6749 §5.2 error body: {response.content[:300]!r}")
