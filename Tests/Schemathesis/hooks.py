"""Schemathesis hooks for Passbank (scripts/schemathesis-tests.sh loads them with SCHEMATHESIS_HOOKS).

* `before_load_schema`: sets up the bank the run works in (`fuzz_bank.FuzzBank`) and puts this run's
  values into the document it fuzzes from, where the served document can only say "any": the
  customer's own account, payee and passkey ids and stored authorization requests (as `enum`s, so
  positive cases use them; other values still come, as negative cases), payable account numbers and
  the legacy account and a refresh token (as `examples`), and this deployment's one client (`passbank-web`) with its
  registered redirect URIs. The served document says what any deployment accepts; these are the
  values that exist in this one.
* `before_call`: a new `Idempotency-Key` for a transfer whose generated key was already sent with
  another body (a client sends a new key per transfer).
* `FreshStepUpToken`: the customer's bearer access token for the banking API, userinfo and adding a
  passkey (registration without a username, DESIGN.md "HTTP surface"): `phrh` with
  an `auth_time` kept within the API's `max_age` (step-up again every 3 minutes), so high-risk
  operations reach their handlers; refreshed before it expires, so a longer run stays authenticated.
* `problem_document`: every 4xx from a JSON endpoint is an RFC 9457 problem with a stable `code`
  (DESIGN.md "HTTP surface"); the token and revocation endpoints answer RFC 6749 §5.2 error bodies
  instead; the rate limit's 429 and the router's answer to a method a path does not take are problems
  everywhere.
* `after_call`: counts answers per operation and status class, printed when the run ends
  (`SCHEMATHESIS_ANSWER_CODES=1`: also the time spent and the codes, by phase and generation mode).
"""

from __future__ import annotations

import atexit
import json
import os
import re
import sys
import threading
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Optional

import schemathesis

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_bank import LEGACY_PASSWORD, LEGACY_USERNAME, FuzzBank  # noqa: E402

ORIGIN = os.environ["PASSBANK_ORIGIN"]
AUTHORITY = Path(os.environ["PASSBANK_FUZZ_AUTHORITY"])
BANK: Optional[FuzzBank] = None
BANK_LOCK = threading.Lock()

# The paths whose errors are problems: ProblemMiddleware's JSON prefixes, and the JSON operations.
PROBLEM_PATHS = re.compile(r"^/(api/|webauthn/|auth/|\.well-known/|oauth2/jwks$|openapi\.json$|healthz$)")
# RFC 6749 §5.2 error bodies.
OAUTH_ERROR_PATHS = {"/oauth2/token", "/oauth2/revoke"}
PROBLEM_MEMBERS = {"type": str, "title": str, "status": int, "detail": str, "code": str}


def bank() -> FuzzBank:
    global BANK
    with BANK_LOCK:
        if BANK is None:
            BANK = FuzzBank.open(ORIGIN, AUTHORITY)
        return BANK


@schemathesis.hook
def before_load_schema(context: Any, raw_schema: dict[str, Any]) -> None:
    add_run_values(raw_schema, bank())


def add_run_values(schema: dict[str, Any], run: FuzzBank) -> None:
    """This run's values where the document can only say "any": the customer's own account, payee and
    passkey ids, stored authorization requests, a legacy account, this deployment's one client and its
    registered URIs. Other values still come in negative cases (and get their 4xx)."""
    schemas = schema["components"]["schemas"]
    schemas["AccountID"]["enum"] = list(run.customer.accounts.values())
    schemas["PayeeID"]["enum"] = [run.payee_id]
    schemas["PendingRequestID"]["enum"] = run.pending_requests
    number = schemas["PayeeRequest"]["properties"]["number"]
    number["examples"] = run.payee_numbers + run.own_numbers + number.get("examples", [])
    password = schemas["PasswordSignInRequest"]["properties"]
    password["username"]["examples"] = [LEGACY_USERNAME]
    password["password"]["examples"] = [LEGACY_PASSWORD]
    passkeys = schema["paths"]["/api/passkeys/{id}"]
    for method, ids in (("patch", run.kept_passkeys), ("delete", run.spare_passkeys)):
        parameter = next(p for p in passkeys[method]["parameters"] if p["name"] == "id")
        parameter["schema"] = dict(parameter["schema"], enum=ids)
    # The one client of this deployment (no --deployment clients) and its registered URIs; the
    # authorization requests generated here are new ones (`request_id` resumes a stored one instead).
    client = {"type": "string", "enum": ["passbank-web"]}
    redirect_uris = {
        ("/oauth2/authorize", "redirect_uri"): [ORIGIN + "/app/callback/"],
        ("/oauth2/logout", "post_logout_redirect_uri"): [ORIGIN + "/", ORIGIN + "/welcome-back/"],
    }
    for (path, uri_name), uris in redirect_uris.items():
        for parameter in schema["paths"][path]["get"]["parameters"]:
            if parameter["name"] == "client_id":
                parameter["schema"] = client
            elif parameter["name"] == uri_name:
                parameter["schema"] = {"type": "string", "enum": uris}
            if path == "/oauth2/authorize" and parameter["name"] in ("client_id", "redirect_uri"):
                parameter["required"] = True
    for form in ("TokenRequest", "RevocationRequest"):
        schemas[form]["properties"]["client_id"] = client
    schemas["TokenRequest"]["examples"] = [
        {"grant_type": "refresh_token", "refresh_token": run.spare_refresh_token, "client_id": "passbank-web"}
    ]


# POST /api/transfers: a client sends a new Idempotency-Key with each transfer and the same one only
# to retry it (docs/banking-api.md). A generated key already sent with another body would only meet
# `idempotency-key-reused` (the external suite tests that rule); a fresh one lets the transfer be tried.
SENT_KEYS: dict[str, str] = {}
SENT_KEYS_LOCK = threading.Lock()
IDEMPOTENCY_KEY = re.compile(r"^[!#-\[\]-~]{1,128}$")


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    if case.operation.path != "/api/transfers" or case.method.upper() != "POST" or not case.headers:
        return
    key = case.headers.get("Idempotency-Key")
    if not isinstance(key, str) or not IDEMPOTENCY_KEY.match(key):
        return
    body = json.dumps(case.body, sort_keys=True, default=str)
    with SENT_KEYS_LOCK:
        if SENT_KEYS.setdefault(key, body) != body:
            key = f"fuzz-{uuid.uuid4()}"
            case.headers["Idempotency-Key"] = key
            SENT_KEYS[key] = body


@schemathesis.auth(refresh_interval=60, retry_on=[]).apply_to(path_regex=r"^/(api/|oauth2/userinfo$|webauthn/registration/)")
class FreshStepUpToken:
    """The fuzz customer's `phrh` bearer token, stepped up again before `max_age` runs out."""

    def get(self, case: Any, context: Any) -> str:
        return bank().token()

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


# -- what the run reached --------------------------------------------------------------------------------
# Answers by operation and status class, printed when schemathesis exits: a run whose high-risk or
# id-taking operations never see a 2xx is stuck at the front door, whatever the checks say.
ANSWERS: defaultdict[str, Counter[str]] = defaultdict(Counter)
CODES: defaultdict[str, Counter[str]] = defaultdict(Counter)
ELAPSED: defaultdict[str, float] = defaultdict(float)
ANSWERS_LOCK = threading.Lock()


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    label = f"{case.operation.method.upper()} {case.operation.path}"
    code = ""
    if 400 <= response.status_code < 500:
        try:
            body = json.loads(response.content)
            code = str(body.get("code") or body.get("error")) if isinstance(body, dict) else ""
        except ValueError:
            code = media_type(response) or "no body"
    meta = getattr(case, "meta", None)
    mode = str(getattr(getattr(meta, "generation", None), "mode", "?"))[:3]
    phase = str(getattr(getattr(meta, "phase", None), "name", "?"))[:5]
    with ANSWERS_LOCK:
        ANSWERS[label][f"{response.status_code // 100}xx"] += 1
        ELAPSED[label] += float(getattr(response, "elapsed", 0) or 0)
        if code:
            CODES[label][f"{phase}/{mode} {response.status_code} {code}"] += 1


def print_answers() -> None:
    if not ANSWERS:
        return
    print("\nAnswers per operation (cases: 2xx / 3xx / 4xx / 5xx):")
    for label in sorted(ANSWERS, key=lambda text: (text.split(" ", 1)[1], text)):
        counts = ANSWERS[label]
        classes = " / ".join(str(counts[kind]) for kind in ("2xx", "3xx", "4xx", "5xx"))
        print(f"  {label:<48} {sum(counts.values()):>4}: {classes}")
        if os.environ.get("SCHEMATHESIS_ANSWER_CODES"):
            codes = ", ".join(f"{code} x{count}" for code, count in CODES[label].most_common())
            print(f"      {ELAPSED[label]:.2f} s answering; {codes or 'no 4xx'}")
    reached = sum(1 for counts in ANSWERS.values() if counts["2xx"] or counts["3xx"])
    print(f"  {reached} of {len(ANSWERS)} operations answered 2xx/3xx at least once.")


atexit.register(print_answers)
