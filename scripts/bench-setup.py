"""Setup and check for scripts/bench-transfers.sh, run in .venv-test with Tests/ExternalClients'
softauthn.py / passbank_client.py / bank_customer.py.

    bench-setup.py signup ORIGIN        signs a person up with a synced passkey, runs the code flow
                                        with PKCE for passbank-web, and prints shell assignments:
                                        PASSBANK_TOKEN, PASSBANK_FROM (Everyday), PASSBANK_TO (Savings)
    bench-setup.py check ORIGIN TOKEN   prints the balances and the number of history entries,
                                        and fails when the two accounts no longer add up to 15,000.00
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Tests" / "ExternalClients"))

from bank_customer import OPENING_BALANCES, BankAPI, BankCustomer, cents, discover  # noqa: E402
from passbank_client import Server  # noqa: E402


def signup(origin: str) -> None:
    server = Server(origin=origin)
    customer = BankCustomer.sign_up(server, discover(server), "bench")
    print(f"PASSBANK_TOKEN={shlex.quote(customer.token['access_token'])}")
    print(f"PASSBANK_FROM={shlex.quote(customer.accounts['Everyday'])}")
    print(f"PASSBANK_TO={shlex.quote(customer.accounts['Savings'])}")


def check(origin: str, token: str) -> int:
    api = BankAPI(Server(origin=origin), token, timeout=(3.0, 60.0))
    total, transfers = 0, set()
    for account in api.accounts():
        history = api.history(account["id"])
        total += cents(account["balance"])
        transfers |= {entry["transferId"] for entry in history if entry.get("transferId")}
        print(f"  {account['name']}: {account['balance']['amount']} EUR, {len(history)} history entries")
    expected = sum(OPENING_BALANCES.values())
    if total != expected:
        print(f"  the balances add up to {total} cents, not {expected}", file=sys.stderr)
        return 1
    print(f"  transfers in the ledger: {len(transfers)}; the balances add up to 15000.00 EUR")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "signup":
        signup(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
