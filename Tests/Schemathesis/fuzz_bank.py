"""The bank a schemathesis run works in (scripts/schemathesis-tests.sh, Tests/Schemathesis/hooks.py).

Before the server starts, `python fuzz_bank.py ANCHORS AUTHORITY` makes a test attestation authority
(Tests/ExternalClients/softauthn.py): its root goes into the operator trust anchors the server is
started with (`--trust-anchors ANCHORS`), its signing key into AUTHORITY for the hooks. When
schemathesis loads the document, `FuzzBank.open` sets up the people the generated requests act for:

* the customer, signed up with a security key of that authority: device-bound, user-verifying, chained
  to an operator anchor, so `phrh` (DESIGN.md "Assurance levels and ACR"), and counting at once as a
  sign-up key. Their access token satisfies step-up (RFC 9470) for the high-risk operations: adding a
  payee, a transfer of the threshold or more, removing a passkey. `token()` steps up again before the
  API's `max_age` (300 s) runs out, and replaces the key if a generated request removed it;
* three spare synced passkeys of the customer, for `DELETE /api/passkeys/{id}` to remove;
* two more customers, whose account numbers the first can add as payees; one payee exists from the start;
* pending authorization requests (`/signin/?request=<id>`), which sign-in and sign-up may name;
* a refresh token of the customer's from a code flow of its own, for `/oauth2/token` to redeem (a
  generated reuse revokes only that token's family, not the one the run's bearer tokens come from);
* a legacy password account (LEGACY_USERNAME, LEGACY_PASSWORD), made with `passbank users add` by the
  script before the server starts.
"""

from __future__ import annotations

import json
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ExternalClients"))

from bank_customer import BankCustomer, discover  # noqa: E402
from passbank_client import Browser, Client, Problem, Server, callback_from, location, pending_request  # noqa: E402
from softauthn import AttestationAuthority, SoftAuthenticator, write_anchors  # noqa: E402

# docs/banking-api.md: high-risk operations need a phrh sign-in at most 300 s old. Step up after 180 s:
# schemathesis keeps a token for up to 60 s (hooks.py), so none in use is older than 240 s.
STEP_UP_AFTER = 180.0
SPARE_PASSKEYS = 3
PAYEE_CUSTOMERS = 2
PENDING_REQUESTS = 3
LEGACY_USERNAME = "fuzz-legacy"
LEGACY_PASSWORD = "fuzzing-the-front-door"


@dataclass
class FuzzBank:
    server: Server
    authority: AttestationAuthority
    customer: BankCustomer
    key: SoftAuthenticator
    spare_passkeys: list[str]
    kept_passkeys: list[str]
    payee_id: str
    payee_numbers: list[str]
    own_numbers: list[str]
    pending_requests: list[str]
    spare_refresh_token: str
    stepped_up: float = field(default_factory=time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, origin: str, authority_directory: Path) -> "FuzzBank":
        server = Server(origin=origin)
        discovery = discover(server)
        authority = AttestationAuthority.load(authority_directory)
        key = SoftAuthenticator(origin, attestation=authority)
        customer = BankCustomer.sign_up(server, discovery, prefix="fuzz", authenticator=key)
        spares = [customer.browser.register(SoftAuthenticator(origin))["passkey"]["id"] for _ in range(SPARE_PASSKEYS)]
        other_numbers = [
            account["number"]
            for _ in range(PAYEE_CUSTOMERS)
            for account in BankCustomer.sign_up(server, discovery, prefix="payee").api().accounts()
        ]
        api = customer.api()
        own_numbers = [account["number"] for account in api.accounts()]
        kept = [passkey["id"] for passkey in api.get_json("/api/passkeys")["passkeys"] if passkey["id"] not in spares]
        added = api.call("POST", "/api/payees", json.dumps({"name": "Landlord", "number": other_numbers[0]}).encode())
        assert added.status == 201, f"the phrh customer could not add a payee: {added.describe()}"
        return cls(
            server=server,
            authority=authority,
            customer=customer,
            key=key,
            spare_passkeys=spares,
            kept_passkeys=kept,
            payee_id=added.json["payee"]["id"],
            payee_numbers=other_numbers[1:],
            own_numbers=own_numbers,
            pending_requests=[pending_authorization(server, discovery) for _ in range(PENDING_REQUESTS)],
            spare_refresh_token=spare_refresh_token(customer),
        )

    def token(self) -> str:
        """A `phrh` access token whose `auth_time` is less than STEP_UP_AFTER old."""
        with self.lock:
            if time.monotonic() - self.stepped_up > STEP_UP_AFTER:
                self.step_up()
            return self.customer.fresh_access_token()

    def step_up(self) -> None:
        try:
            self.customer.step_up(self.key)
        except (LookupError, Problem):
            # A generated DELETE /api/passkeys/{id} removed the key (ids come back from GET
            # /api/passkeys): add another from the browser's session (the server runs with
            # --new-key-hold 0s, so it counts at once) and step up with that.
            self.key = SoftAuthenticator(self.server.origin, attestation=self.authority)
            self.customer.browser.register(self.key)
            self.customer.step_up(self.key)
        self.stepped_up = time.monotonic()


def pending_authorization(server: Server, discovery: dict[str, Any]) -> str:
    """The id of a stored authorization request: a browser without a session sent to the sign-in page."""
    authorization = Client(server, discovery).authorization()
    return pending_request(location(Browser(server).get(authorization.url)), "/signin/")


def spare_refresh_token(customer: BankCustomer) -> str:
    """A refresh token from a second code flow with the customer's provider session."""
    client = Client(customer.server, customer.discovery)
    authorization = client.authorization()
    return client.fetch_token(callback_from(customer.browser, authorization), authorization)["refresh_token"]


def make_authority(anchors: Path, authority: Path) -> None:
    """The test security key's PKI: the root as an operator trust anchor, the signing key for the hooks."""
    made = AttestationAuthority(aaguid=uuid.uuid4().bytes, name="Passbank Fuzz Security Key")
    made.save(authority)
    anchors.mkdir(parents=True, exist_ok=True)
    write_anchors(anchors, [made])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: fuzz_bank.py ANCHORS_DIR AUTHORITY_DIR")
    make_authority(Path(sys.argv[1]), Path(sys.argv[2]))
