"""An acknowledged transfer survives `kill -9` (DESIGN.md "Data and durability"), and idempotency keys
replay the first answer (docs/banking-api.md `POST /api/transfers`).

The durability test runs its own `passbank serve` on a database file of its own, signs up several
customers with synced passkeys, drives a concurrent transfer load between each customer's own two
accounts, SIGKILLs the server in the middle of it, restarts it on the same database and compares the
ledger with what the clients were told — twice. Every wait is bounded; any disagreement fails the test
with the exchanges that show it.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import pytest

from bank_customer import OPENING_BALANCES, Answer, BankAPI, BankCustomer, cents, discover, money
from conftest import REPO_ROOT, SERVER_LOGS, SOURCE_ROOT
from loadgen import ServerProcess
from passbank_client import Server

CUSTOMERS = 8
CONCURRENCY = 24  # transfers in flight at once (3 per customer)
ROUNDS = int(os.environ.get("PASSBANK_DURABILITY_ROUNDS", "2"))  # load -> SIGKILL -> restart -> check
KILL_AFTER_SECONDS = (1.0, 2.0)  # the kill comes at a random moment in this window of the load...
KILL_AFTER_ACKNOWLEDGED = 50  # ...once at least this many transfers of the round were acknowledged
LOAD_DEADLINE = 15.0  # a server that acknowledges fewer in this long fails the test
REPLAY_THREADS = 16
HISTORY_PAGE = 20  # small pages, so the check walks many `nextCursor`s
MAX_AMOUNT = 99_999  # 999.99: below the step-up threshold of 1,000.00
REQUEST_TIMEOUT = (3.0, 15.0)  # connect, read: a server that answers nothing in 15 s hangs
# Failure reports list these kinds of problem first.
SEVERITY = ["lost acknowledged", "duplicated", "unknown transfer", "balance", "crash", "hang", "no answer while up"]


# -- the server process, killed and restarted on one database (loadgen.ServerProcess) -----------------------
@pytest.fixture
def passbank(tmp_path: Path):
    binary = os.environ.get("PASSBANK_BINARY", str(REPO_ROOT / ".build/debug/passbank"))
    if not os.access(binary, os.X_OK):
        pytest.fail(f"no executable passbank binary at {binary}", pytrace=False)
    process = ServerProcess(binary, tmp_path, source_root=SOURCE_ROOT)
    SERVER_LOGS.append(process.log_path)
    process.start()
    try:
        yield process
    finally:
        process.stop()


def server_of(process: ServerProcess) -> Server:
    return Server(origin=process.origin)


# -- what the clients sent and were told -----------------------------------------------------------------------
@dataclass
class Attempt:
    customer: BankCustomer
    round: int
    key: str
    body: bytes
    from_id: str
    to_id: str
    amount: int  # minor units
    reference: str
    first: Answer
    outcome: str = ""  # acknowledged | refused | lost (no answer, or an answer that says nothing)
    transfer: Optional[dict[str, Any]] = None  # the stored transfer, once an answer showed it
    refusal: Optional[tuple[int, str]] = None  # (status, code) of a refusal the key replays
    recovered: str = ""  # for a lost answer: "stored" (replayed) or "executed" (on the replay)


def transfer_body(from_id: str, to_id: str, amount: int, reference: str) -> bytes:
    body = {"fromAccountId": from_id, "toAccountId": to_id, "amount": money(amount), "reference": reference}
    return json.dumps(body, separators=(",", ":")).encode()


def transfer_mismatch(attempt: Attempt, transfer: Any) -> Optional[str]:
    """Why a Transfer object does not describe what the attempt asked for, or None."""
    if not isinstance(transfer, dict) or not transfer.get("id"):
        return f"not a transfer: {transfer!r}"
    wanted = {"fromAccountId": attempt.from_id, "toAccountId": attempt.to_id, "reference": attempt.reference}
    wrong = {name: transfer.get(name) for name, value in wanted.items() if transfer.get(name) != value}
    try:
        if cents(transfer.get("amount") or {}) != attempt.amount:
            wrong["amount"] = transfer.get("amount")
    except AssertionError as error:
        wrong["amount"] = str(error)
    return f"transfer differs from the request in {wrong}" if wrong else None


class Ledger:
    """Everything the test learned, and every disagreement with the contract, per round."""

    def __init__(self, customers: list[BankCustomer]) -> None:
        self.customers = customers
        self.attempts: list[Attempt] = []
        self.problems: list[tuple[str, str]] = []  # (kind, what happened)
        self.lock = threading.Lock()
        self.report: list[str] = []
        # account id -> opening balance not shown as history (see `record_openings`)
        self.opening_offset: dict[str, int] = {}

    def problem(self, kind: str, text: str) -> None:
        with self.lock:
            self.problems.append((kind, text))

    def fail_if_any(self, when: str) -> None:
        if not self.problems:
            return
        kinds: dict[str, list[str]] = {}
        for kind, text in self.problems:
            kinds.setdefault(kind, []).append(text)
        lines = [f"{when}: {len(self.problems)} problem(s): " + ", ".join(f"{len(v)} {k}" for k, v in kinds.items())]
        for kind, texts in sorted(kinds.items(), key=lambda item: SEVERITY.index(item[0]) if item[0] in SEVERITY else 99):
            lines.append(f"== {kind} ({len(texts)}), the first {min(len(texts), 5)}:")
            lines += [f"- {text}" for text in texts[:5]]
        pytest.fail("\n".join(lines + self.report), pytrace=False)


def record_openings(ledger: Ledger, server: Server) -> None:
    """DESIGN.md flow 1: Everyday 5,000.00 and Savings 10,000.00 at sign-up. Whether the opening
    deposit shows as history or not, balance - sum(history) is the part history does not explain."""
    for customer in ledger.customers:
        api = BankAPI(server, customer.fresh_access_token(), REQUEST_TIMEOUT)
        accounts = api.accounts()
        assert [a["name"] for a in accounts] == ["Everyday", "Savings"], accounts
        for account in accounts:
            balance = cents(account["balance"])
            assert balance == OPENING_BALANCES[account["name"]], f"{customer.username} opened with {account}"
            shown = sum(cents(entry["amount"]) for entry in api.history(account["id"]))
            assert shown in (0, balance), f"{customer.username}'s opening history sums to {shown}: {account}"
            ledger.opening_offset[account["id"]] = balance - shown
        api.close()


# -- the load ------------------------------------------------------------------------------------------------------
def run_load_and_kill(ledger: Ledger, passbank: ServerProcess, round_no: int) -> tuple[float, list[Attempt]]:
    """CONCURRENCY threads send transfers until the server is SIGKILLed mid-load; returns the kill time."""
    customers = ledger.customers
    tokens = {c.username: c.fresh_access_token() for c in customers}
    stop = threading.Event()
    attempts: list[Attempt] = []

    def worker(index: int) -> None:
        try:
            load(index)
        except Exception as error:  # a dead client thread would quietly thin the load: make it a failure
            ledger.problem("load", f"round {round_no}: client thread {index} stopped: {type(error).__name__}: {error}")

    def load(index: int) -> None:
        customer = customers[index % len(customers)]
        api = BankAPI(server_of(passbank), tokens[customer.username], REQUEST_TIMEOUT)
        everyday, savings = customer.accounts["Everyday"], customer.accounts["Savings"]
        # Each thread sends an amount one way, then the same amount back: no account drifts by more
        # than one transfer per thread, so refusals for insufficient funds stay rare.
        outgoing = (index // len(customers)) % 2 == 0
        number = 0
        rng = random.Random(f"{round_no}-{index}")
        amount = rng.randint(1, MAX_AMOUNT)
        while not stop.is_set():
            from_id, to_id = (everyday, savings) if outgoing else (savings, everyday)
            outgoing = not outgoing
            if number % 2 == 0:
                amount = rng.randint(1, MAX_AMOUNT)
            key = f"durability-{round_no}-{index}-{number}-{secrets.token_hex(6)}"
            reference = f"durability round {round_no} #{index}.{number}"
            body = transfer_body(from_id, to_id, amount, reference)
            answer = api.transfer(key, body)
            attempts.append(Attempt(customer, round_no, key, body, from_id, to_id, amount, reference, answer))
            number += 1
        api.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True, name=f"load-{i}") for i in range(CONCURRENCY)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    kill_after = random.uniform(*KILL_AFTER_SECONDS)
    while True:
        time.sleep(0.02)
        elapsed = time.monotonic() - started
        acknowledged = sum(1 for a in list(attempts) if a.first.status == 201)
        if elapsed >= kill_after and acknowledged >= KILL_AFTER_ACKNOWLEDGED:
            break
        if elapsed > LOAD_DEADLINE:
            ledger.problem(
                "load",
                f"round {round_no}: only {acknowledged} transfers acknowledged in {LOAD_DEADLINE:.0f} s of load "
                f"({len(attempts)} answered); first answers: {[a.first.describe() for a in attempts[:3]]}"
            )
            break
        if passbank.process is not None and passbank.process.poll() is not None:
            ledger.problem("crash", f"round {round_no}: the server exited with {passbank.process.returncode} under load")
            break
    # Stop issuing new requests, then kill at once: the requests in flight lose their answers.
    stop.set()
    kill_time = time.monotonic()
    if passbank.process is not None and passbank.process.poll() is None:
        passbank.kill()
    deadline = time.monotonic() + REQUEST_TIMEOUT[0] + REQUEST_TIMEOUT[1] + 5
    for thread in threads:
        thread.join(timeout=max(0.1, deadline - time.monotonic()))
    stuck = [thread.name for thread in threads if thread.is_alive()]
    if stuck:
        ledger.problem("hang", f"round {round_no}: client threads still waiting after the kill: {stuck}")
    ledger.attempts += attempts
    return kill_time, attempts


def classify(ledger: Ledger, attempt: Attempt, kill_time: float) -> None:
    """What the first answer told the client."""
    answer = attempt.first
    if answer.status == 201:
        attempt.outcome = "acknowledged"
        try:
            transfer = answer.json.get("transfer")
        except (ValueError, AttributeError):
            transfer = None
        wrong = transfer_mismatch(attempt, transfer)
        if wrong:
            ledger.problem("answer", f"201 with a wrong body ({wrong}): {answer.describe()}")
            attempt.outcome = "lost"  # the body says nothing reliable: reconcile like a lost answer
        else:
            attempt.transfer = transfer
        return
    attempt.outcome = "lost"
    if answer.status is None:
        if answer.ended < kill_time:
            reason = "timed out (a hang)" if answer.timed_out else "failed"
            ledger.problem("no answer while up", f"round {attempt.round}: a request {reason} while the server was up: {answer.describe()}")
        return
    if answer.status == 422 and answer.code == "insufficient-funds":
        attempt.outcome = "refused"
        attempt.refusal = (422, "insufficient-funds")
        if not answer.headers.get("content-type", "").startswith("application/problem+json"):
            ledger.problem("answer", f"a refusal that is not application/problem+json: {answer.describe()}")
        return
    ledger.problem("answer", f"round {attempt.round}: unexpected answer to a valid transfer: {answer.describe()}")


# -- after the restart: replays -------------------------------------------------------------------------------------
def replay(ledger: Ledger, attempt: Attempt, api: BankAPI) -> None:
    """docs/banking-api.md: the same key with the same body answers the first result again, with
    `Idempotent-Replayed: true`; a lost answer replays a stored transfer or executes it now, once."""
    if attempt.outcome == "lost":
        again = api.transfer(attempt.key, attempt.body)
        if again.status == 201:
            transfer = again.json.get("transfer")
            wrong = transfer_mismatch(attempt, transfer)
            if wrong:
                ledger.problem("replay", f"replay of a lost answer: {wrong}: {again.describe()}")
                return
            attempt.transfer = transfer
            attempt.recovered = "stored" if again.replayed == "true" else "executed"
        elif again.status == 422 and again.code == "insufficient-funds":
            attempt.refusal = (422, "insufficient-funds")
            attempt.recovered = "refused"
        else:
            ledger.problem("replay", f"replay of a lost answer (first: {attempt.first.error or attempt.first.status}): {again.describe()}")
            return
        attempt.outcome = "acknowledged" if attempt.transfer else "refused"
        # The answer just given is now the stored one: a second replay must repeat it.
    answer = api.transfer(attempt.key, attempt.body)
    if attempt.outcome == "acknowledged":
        if answer.status != 201 or answer.replayed != "true":
            ledger.problem(
                "replay",
                f"replay of acknowledged transfer {attempt.transfer and attempt.transfer.get('id')} "
                f"(round {attempt.round}, {attempt.recovered or 'acknowledged'}) is not a 201 replay: {answer.describe()}"
            )
            return
        transfer = answer.json.get("transfer")
        if transfer != attempt.transfer:
            ledger.problem(
                "replay",
                f"replay of key {attempt.key} gave another transfer: first {json.dumps(attempt.transfer)}, "
                f"now {answer.describe()}"
            )
    elif attempt.outcome == "refused":
        if (answer.status, answer.code) != attempt.refusal or answer.replayed != "true":
            ledger.problem("replay", f"replay of refused key {attempt.key} ({attempt.refusal}) answered: {answer.describe()}")


def replay_all(ledger: Ledger, server: Server, attempts: list[Attempt]) -> None:
    tokens = {c.username: c.fresh_access_token() for c in ledger.customers}
    local = threading.local()

    def one(attempt: Attempt) -> None:
        apis = local.__dict__.setdefault("apis", {})
        username = attempt.customer.username
        if username not in apis:
            apis[username] = BankAPI(server, tokens[username], REQUEST_TIMEOUT)
        try:
            replay(ledger, attempt, apis[username])
        except Exception as error:  # an unreadable answer is a failure like any other, not a crash
            ledger.problem("replay", f"replay of {attempt.key}: {type(error).__name__}: {error}")

    with ThreadPoolExecutor(max_workers=REPLAY_THREADS) as pool:
        list(pool.map(one, attempts, timeout=120))


# -- after the restart: the ledger ------------------------------------------------------------------------------------
def history_explains_order(entries: list[dict[str, Any]], balance: int) -> bool:
    """The running balances: walking back from the current balance, each entry's `balanceAfter` is the
    balance before the next newer one. Entries with the same `createdAt` may be listed in any order."""
    groups: list[list[tuple[int, int]]] = []
    last_time = None
    for entry in entries:  # newest first
        pair = (cents(entry["amount"]), cents(entry["balanceAfter"]))
        if entry.get("createdAt") != last_time:
            groups.append([])
            last_time = entry.get("createdAt")
        groups[-1].append(pair)

    def walk(group: list[tuple[int, int]], running: int, budget: list[int]) -> Optional[int]:
        if not group:
            return running
        budget[0] -= 1
        if budget[0] < 0:
            return None
        for index, (amount, after) in enumerate(group):
            if after == running:
                end = walk(group[:index] + group[index + 1 :], running - amount, budget)
                if end is not None:
                    return end
        return None

    running: Optional[int] = balance
    for group in groups:
        running = walk(group, running, [100_000])
        if running is None:
            return False
    return True


def check_ledger(ledger: Ledger, server: Server, when: str) -> dict[str, int]:
    """Per customer: history, balances and GET /api/transfers against every transfer a client saw."""
    counts: dict[str, set[str]] = {"duplicated": set(), "missing": set(), "unknown": set()}
    total = 0
    for customer in ledger.customers:
        api = BankAPI(server, customer.fresh_access_token(), REQUEST_TIMEOUT)
        mine = [a for a in ledger.attempts if a.customer is customer]
        known = {a.transfer["id"]: a for a in mine if a.transfer}
        if len(known) != sum(1 for a in mine if a.transfer):
            ledger.problem("duplicated", f"{when}: two keys of {customer.username} were answered with the same transfer id")
        accounts = api.accounts()
        if [a["name"] for a in accounts] != ["Everyday", "Savings"]:
            ledger.problem("accounts", f"{when}: accounts of {customer.username}: {accounts}")
        for account in accounts:
            account_id = account["id"]
            balance = cents(account["balance"])
            total += balance
            entries = api.history(account_id, limit=HISTORY_PAGE)
            seen: dict[str, int] = {}
            for entry in entries:
                seen[entry.get("transferId")] = seen.get(entry.get("transferId"), 0) + 1
            if len({entry["id"] for entry in entries}) != len(entries):
                ledger.problem("duplicated", f"{when}: a transaction id appears twice in the history of {account_id}")
            for transfer_id, count in seen.items():
                attempt = known.get(transfer_id)
                if transfer_id is None and ledger.opening_offset.get(account_id) == 0:
                    continue  # the opening deposit, shown as history
                if attempt is None:
                    counts["unknown"].add(transfer_id)
                    ledger.problem(
                        "unknown transfer",
                        f"{when}: {account['name']} of {customer.username} has transfer {transfer_id} that no "
                        f"client answer named (executed twice, or a phantom): "
                        f"{[e for e in entries if e.get('transferId') == transfer_id]}"
                    )
                elif count > 1:
                    counts["duplicated"].add(transfer_id)
                    ledger.problem("duplicated", f"{when}: transfer {transfer_id} (key {attempt.key}) is {count} times in {account_id}")
            for transfer_id, attempt in known.items():
                if transfer_id not in seen:
                    counts["missing"].add(transfer_id)
                    ledger.problem(
                        "lost acknowledged",
                        f"{when}: {attempt.recovered or 'acknowledged'} transfer {transfer_id} (round {attempt.round}, "
                        f"key {attempt.key}) is missing from the history of {account['name']}: {attempt.first.describe()}"
                    )
            for entry in entries:
                attempt = known.get(entry.get("transferId"))
                if attempt is None:
                    continue
                sign = -1 if attempt.from_id == account_id else 1
                if cents(entry["amount"]) != sign * attempt.amount:
                    ledger.problem("history", f"{when}: history entry {entry} does not match {attempt.body.decode()}")
            shown = sum(cents(entry["amount"]) for entry in entries)
            if balance != ledger.opening_offset[account_id] + shown:
                ledger.problem(
                    "balance",
                    f"{when}: {account['name']} of {customer.username}: balance {account['balance']} but opening "
                    f"{ledger.opening_offset[account_id]} + history {shown} (cents) over {len(entries)} entries"
                )
            if balance < 0:
                ledger.problem("balance", f"{when}: negative balance {account}")
            if entries and not history_explains_order(entries, balance):
                ledger.problem(
                    "history order",
                    f"{when}: the balanceAfter values in the history of {account['name']} of {customer.username} "
                    f"do not chain back from the balance {account['balance']} (newest first: {entries[:3]})"
                )
        # GET /api/transfers: the caller's own transfers, newest first (follow nextCursor if it has one).
        listed: list[dict[str, Any]] = []
        cursor = None
        for _ in range(200):
            path = "/api/transfers?limit=100" + (f"&cursor={cursor}" if cursor else "")
            page = api.get_json(path)
            listed += page["transfers"]
            cursor = page.get("nextCursor")
            if not cursor:
                break
        ids = [t.get("id") for t in listed]
        if len(set(ids)) != len(ids):
            ledger.problem("transfer list", f"{when}: GET /api/transfers of {customer.username} lists a transfer twice")
        for transfer in listed:
            attempt = known.get(transfer.get("id"))
            if attempt is None:
                ledger.problem("transfer list", f"{when}: GET /api/transfers of {customer.username} lists an unknown transfer {transfer}")
            elif transfer != attempt.transfer:
                fields = set(transfer) | set(attempt.transfer or {})
                differ = {f: (attempt.transfer.get(f), transfer.get(f)) for f in sorted(fields) if transfer.get(f) != attempt.transfer.get(f)}
                ledger.problem(
                    "transfer list",
                    f"{when}: transfer {transfer.get('id')} (key {attempt.key}) differs between the POST answer and "
                    f"GET /api/transfers in (POST, GET) {differ}; POST was {attempt.first.describe()}",
                )
        if len(listed) < 100 and set(ids) != set(known):
            ledger.problem(
                "transfer list",
                f"{when}: GET /api/transfers of {customer.username} lists {len(listed)} transfers, the clients know "
                f"{len(known)}; not listed: {sorted(set(known) - set(ids))[:5]}, unknown: {sorted(set(ids) - set(known))[:5]}",
            )
        api.close()
    expected = len(ledger.customers) * sum(OPENING_BALANCES.values())
    if total != expected:
        ledger.problem("balance", f"{when}: the balances add up to {total} cents, not {expected}: money was made or lost")
    return {name: len(ids) for name, ids in counts.items()}


# -- the tests --------------------------------------------------------------------------------------------------------
def test_acknowledged_transfers_survive_sigkill(passbank: ServerProcess) -> None:
    test_started = time.monotonic()
    server = server_of(passbank)
    discovery = discover(server)
    customers = [BankCustomer.sign_up(server, discovery, "durable") for _ in range(CUSTOMERS)]
    ledger = Ledger(customers)
    record_openings(ledger, server)

    for round_no in range(1, ROUNDS + 1):
        round_started = time.monotonic()
        kill_time, attempts = run_load_and_kill(ledger, passbank, round_no)
        for attempt in attempts:
            classify(ledger, attempt, kill_time)
        in_flight = sum(1 for a in attempts if a.first.started <= kill_time <= a.first.ended)
        lost = [a for a in attempts if a.outcome == "lost"]
        passbank.start()  # the same port, origin and database file
        if round_no == 1:
            # Refresh tokens live in the database too (DESIGN.md): they outlive the kill.
            for customer in customers:
                customer.refresh()
        replay_all(ledger, server, ledger.attempts)  # every key of every round so far
        counts = check_ledger(ledger, server, f"after kill {round_no}")
        acknowledged = sum(1 for a in attempts if a.first.status == 201)
        ledger.report.append(
            f"kill {round_no}: {len(attempts)} transfers sent, {acknowledged} acknowledged (201), "
            f"{sum(1 for a in attempts if a.first.status == 422)} refused (422), {in_flight} in flight at the kill, "
            f"{len(lost)} answers lost -> on replay {sum(1 for a in lost if a.recovered == 'stored')} were stored, "
            f"{sum(1 for a in lost if a.recovered == 'executed')} executed now, "
            f"{sum(1 for a in lost if a.recovered == 'refused')} refused; in the ledger: {counts['missing']} missing, "
            f"{counts['duplicated']} duplicated, {counts['unknown']} unknown transfers; round took {time.monotonic() - round_started:.1f} s"
        )
        print(ledger.report[-1])
        ledger.fail_if_any(f"after kill {round_no}")
        assert acknowledged >= KILL_AFTER_ACKNOWLEDGED, ledger.report
    print(f"durability test: {time.monotonic() - test_started:.1f} s wall time")


def test_idempotency_key_reused_with_another_body_moves_nothing(server: Server, discovery: dict) -> None:
    """docs/banking-api.md: the same key with another body is `idempotency-key-reused` (422), nothing
    stored changes, and the key still replays its first transfer."""
    customer = BankCustomer.sign_up(server, discovery, "reuse")
    api = customer.api(REQUEST_TIMEOUT)
    everyday, savings = customer.accounts["Everyday"], customer.accounts["Savings"]
    key = f"reuse-{secrets.token_hex(8)}"
    first_body = transfer_body(everyday, savings, 1000, "first use")
    first = api.transfer(key, first_body)
    assert first.status == 201, first.describe()
    transfer = first.json["transfer"]

    def state() -> list[tuple[str, str, int]]:
        return [(a["id"], a["balance"]["amount"], len(api.history(a["id"]))) for a in api.accounts()]

    before = state()
    assert [balance for _, balance, _ in before] == ["4990.00", "10010.00"], before
    for other in (
        transfer_body(everyday, savings, 2000, "first use"),  # another amount
        transfer_body(savings, everyday, 1000, "first use"),  # the other direction
        transfer_body(everyday, savings, 1000, "another reference"),
    ):
        answer = api.transfer(key, other)
        assert answer.status == 422 and answer.code == "idempotency-key-reused", answer.describe()
        assert answer.headers.get("content-type", "").startswith("application/problem+json"), answer.describe()
        assert state() == before, f"a reused key moved money: {answer.describe()}"
    again = api.transfer(key, first_body)
    assert again.status == 201 and again.replayed == "true", again.describe()
    assert again.json["transfer"] == transfer, again.describe()
    assert state() == before


def test_same_key_sent_concurrently_moves_money_once(server: Server, discovery: dict) -> None:
    """A client that retries before the first answer came back: 16 copies of one request with one key,
    sent at once, execute one transfer; every answer is that transfer (docs/banking-api.md)."""
    customer = BankCustomer.sign_up(server, discovery, "race")
    everyday, savings = customer.accounts["Everyday"], customer.accounts["Savings"]
    token = customer.fresh_access_token()
    key = f"race-{secrets.token_hex(8)}"
    body = transfer_body(everyday, savings, 12345, "sent sixteen times")
    barrier = threading.Barrier(16, timeout=30)

    def send(_: int) -> Answer:
        api = BankAPI(server, token, REQUEST_TIMEOUT)
        barrier.wait()
        try:
            return api.transfer(key, body)
        finally:
            api.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(send, range(16), timeout=60))
    assert all(answer.status == 201 for answer in answers), [a.describe() for a in answers if a.status != 201]
    ids = {answer.json["transfer"]["id"] for answer in answers}
    assert len(ids) == 1, f"one key executed {len(ids)} transfers: {[a.describe() for a in answers]}"
    assert sum(1 for answer in answers if answer.replayed != "true") == 1, [a.describe() for a in answers]
    api = customer.api(REQUEST_TIMEOUT)
    assert [a["balance"]["amount"] for a in api.accounts()] == ["4876.55", "10123.45"]
    assert [entry["transferId"] for entry in api.history(everyday) if entry.get("transferId")] == list(ids)
