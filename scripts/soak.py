"""The soak (scripts/soak.sh; documented in docs/performance.md; not part of CI or `make test`).

Mixed load on the real `passbank serve` for N minutes, with a SIGKILL and a restart on the same
database every minute (each minute is one "life" of the server process):

  sign-ins   2 clients: options {}, softauthn get(), verify -> 200 with acr
  refreshes  2 clients, each its own refresh-token family (each answer's refresh token is the next one)
  reads      2 clients: GET /api/accounts -> 200
  transfers  4 clients (one per customer), each at most 25/s: POST /api/transfers, a unique
             Idempotency-Key each, 0.01-9.99 EUR back and forth between the customer's own accounts -> 201
  replays    1 client, at most 25/s: an acknowledged key with its body again -> 201, Idempotent-Replayed:
             true, the same transfer

In each life, under that same load: the server's open descriptors (/proc/<pid>/fd) and VmRSS 10 s after
the start and 3 s before the kill; a completed sign-in's verify body sent again (refused:
ceremony-used or ceremony-unknown). The kill comes at a random moment 55-59 s into the life, while
every client is busy. After each restart, with the load paused:
  - every transfer whose answer was lost in the kill is sent again with its key: 201 (stored before the
    kill, or executed now), once;
  - every transfer acknowledged in the last 3 s before the kill, and 200 others, replay the same
    transfer with Idempotent-Replayed: true;
  - the last completed verify body of the life before is sent again: refused;
  - the ledger of each customer, through the API: every acknowledged transfer id is in the Everyday
    history exactly once, no transfer nobody was told about, the balance equals the opening balance plus
    the history, all customers together still hold 4 x 15,000.00 EUR (at the end: both accounts).
It prints a line per minute and a verdict; exit 1 when anything was wrong.

Usage: soak.py BINARY [--minutes 10] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Tests" / "ExternalClients"))

from bank_customer import OPENING_BALANCES, BankAPI, BankCustomer, cents, discover, money  # noqa: E402
from loadgen import Http, NoAnswer, RefreshChain, Reply, ServerProcess, SignIn, WrongAnswer, describe  # noqa: E402
from passbank_client import Server  # noqa: E402

CUSTOMERS = 4
SIGNIN_CLIENTS = 2
REFRESH_CLIENTS = 2
READ_CLIENTS = 2
TRANSFER_RATE = 25.0  # per transfer client, at most
REPLAY_RATE = 25.0
SAMPLE_AT = 10.0  # seconds into a life: the first fd / RSS reading
SAMPLE_BEFORE_KILL = 3.0  # seconds before the kill: the second
LIFE_SECONDS = float(os.environ.get("SOAK_LIFE_SECONDS", "60"))  # shorter only to try the script out
KILL_WINDOW = (LIFE_SECONDS - 5.0, LIFE_SECONDS - 1.0)
REPLAY_SAMPLE = 200
CEREMONY_REFUSALS = {"ceremony-used", "ceremony-unknown"}
FD_NOISE = 8  # descriptors: a few connections opening or closing at the moment of reading
RSS_NOISE_MIB = 16.0


@dataclass
class Attempt:
    customer: int
    life: int
    key: str
    body: bytes
    from_id: str
    to_id: str
    amount: int
    sent: float
    outcome: str = "pending"  # acknowledged | lost | wrong
    transfer: Optional[dict[str, Any]] = None
    recovered: str = ""  # for a lost answer: stored | executed


@dataclass
class Life:
    number: int
    restart_seconds: float = 0.0
    started: float = 0.0
    up_seconds: float = 0.0
    fd: list[int] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    in_flight: int = 0
    recovered: dict[str, int] = field(default_factory=dict)
    replays_checked: int = 0
    ceremony: list[str] = field(default_factory=list)
    ledger: str = ""
    problems: int = 0


class Soak:
    def __init__(self, binary: str, work: Path, minutes: int) -> None:
        self.server = ServerProcess(binary, work)
        self.minutes = minutes
        self.running = threading.Event()
        self.finished = False
        self.lock = threading.Lock()
        self.parked = 0
        self.workers = 0
        self.problems: list[tuple[str, str]] = []
        self.attempts: list[Attempt] = []
        self.acknowledged: list[Attempt] = []
        self.life = Life(0)
        self.lives: list[Life] = []
        self.tokens: dict[int, str] = {}
        self.last_verify: Optional[dict[str, Any]] = None
        self.uncertain_chains: list[tuple[int, RefreshChain]] = []
        self.opening_offset: dict[str, int] = {}

    # -- bookkeeping --------------------------------------------------------------------------------------------
    def problem(self, kind: str, text: str) -> None:
        with self.lock:
            self.problems.append((kind, text))
            self.life.problems += 1
        print(f"  PROBLEM {kind}: {text}", flush=True)

    def count(self, name: str, n: int = 1) -> None:
        with self.lock:
            self.life.counts[name] = self.life.counts.get(name, 0) + n

    # -- the workers ----------------------------------------------------------------------------------------------
    def worker(self, name: str, step: Callable[[Http], None], rate: Optional[float] = None) -> None:
        http = Http(self.server.origin, timeout=15.0)
        interval = 1.0 / rate if rate else 0.0
        next_time = time.monotonic()
        while not self.finished:
            if not self.running.is_set():
                http.close()
                with self.lock:
                    self.parked += 1
                while not self.running.wait(0.1):
                    if self.finished:
                        return
                with self.lock:
                    self.parked -= 1
                next_time = time.monotonic()
                continue
            try:
                step(http)
            except NoAnswer as error:
                if self.running.is_set():
                    self.problem("no answer while up", f"{name}: {error}")
                    time.sleep(0.5)
                else:
                    self.count(f"{name} lost")
            except WrongAnswer as error:
                self.problem("wrong answer", f"{name}: {error}")
                time.sleep(0.2)
            except Exception as error:  # a dead client thread would thin the load silently
                self.problem("client", f"{name}: {type(error).__name__}: {error}")
                time.sleep(0.5)
            if interval:
                next_time += interval
                delay = next_time - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                else:
                    next_time = time.monotonic()

    def start_workers(self) -> None:
        def spawn(name: str, step: Callable[[Http], None], rate: Optional[float] = None) -> None:
            self.workers += 1
            threading.Thread(target=self.worker, args=(name, step, rate), daemon=True, name=name).start()

        for i in range(SIGNIN_CLIENTS):
            spawn(f"sign-in {i}", self.sign_in_step(i))
        for i in range(REFRESH_CLIENTS):
            spawn(f"refresh {i}", self.refresh_step(i))
        for i in range(READ_CLIENTS):
            spawn(f"read {i}", self.read_step(i))
        for i in range(CUSTOMERS):
            spawn(f"transfer {i}", self.transfer_step(i), TRANSFER_RATE)
        spawn("replay", self.replay_step, REPLAY_RATE)

    def sign_in_step(self, index: int) -> Callable[[Http], None]:
        sign_in = SignIn(self.customers[index % CUSTOMERS].authenticator)

        def step(http: Http) -> None:
            sign_in.run(http)
            self.last_verify = sign_in.last_verify
            self.count("sign-ins")

        return step

    def refresh_step(self, index: int) -> Callable[[Http], None]:
        def step(http: Http) -> None:
            chain = self.chains[index]
            if chain is None:
                time.sleep(0.1)
                return
            try:
                chain.run(http)
            except NoAnswer:
                # The rotation may or may not have been stored: resolved after the restart.
                self.chains[index] = None
                with self.lock:
                    self.uncertain_chains.append((index, chain))
                raise
            self.count("refreshes")

        return step

    def read_step(self, index: int) -> Callable[[Http], None]:
        customer = index % CUSTOMERS

        def step(http: Http) -> None:
            reply = http.request("GET", "/api/accounts", None, {"Authorization": f"Bearer {self.tokens[customer]}"})
            if reply.status != 200 or len(reply.json().get("accounts", [])) != 2:
                raise WrongAnswer(describe("GET", "/api/accounts", None, reply))
            self.count("reads")

        return step

    def transfer_request(self, http: Http, attempt: Attempt) -> Reply:
        headers = {
            "Authorization": f"Bearer {self.tokens[attempt.customer]}",
            "Content-Type": "application/json",
            "Origin": self.server.origin,
            "Idempotency-Key": attempt.key,
        }
        return http.request("POST", "/api/transfers", attempt.body, headers)

    def transfer_step(self, index: int) -> Callable[[Http], None]:
        customer = self.customers[index]
        everyday, savings = customer.accounts["Everyday"], customer.accounts["Savings"]
        rng = random.Random(index)
        state = {"n": 0, "amount": 1}

        def step(http: Http) -> None:
            n = state["n"]
            state["n"] += 1
            if n % 2 == 0:
                state["amount"] = rng.randint(1, 999)
            from_id, to_id = (everyday, savings) if n % 2 == 0 else (savings, everyday)
            amount = state["amount"]
            body = {"fromAccountId": from_id, "toAccountId": to_id, "amount": money(amount), "reference": f"soak {index}.{n}"}
            attempt = Attempt(
                index, self.life.number, f"soak-{index}-{n}-{secrets.token_hex(6)}",
                json.dumps(body, separators=(",", ":")).encode(), from_id, to_id, amount, time.monotonic(),
            )  # fmt: skip
            with self.lock:
                self.attempts.append(attempt)
            try:
                reply = self.transfer_request(http, attempt)
            except NoAnswer:
                attempt.outcome = "lost"
                raise
            wrong = self.transfer_problem(attempt, reply, replay=False)
            if wrong:
                attempt.outcome = "wrong"
                raise WrongAnswer(wrong)
            attempt.outcome, attempt.transfer = "acknowledged", reply.json()["transfer"]
            with self.lock:
                self.acknowledged.append(attempt)
            self.count("transfers")

        return step

    def transfer_problem(self, attempt: Attempt, reply: Reply, replay: bool) -> str:
        """Why an answer to a transfer (or its replay) is not the contract's, or ''."""
        shown = describe("POST", f"/api/transfers Idempotency-Key: {attempt.key}", attempt.body.decode(), reply)
        if reply.status != 201:
            return "not 201: " + shown
        transfer = reply.json().get("transfer") or {}
        wanted = {"fromAccountId": attempt.from_id, "toAccountId": attempt.to_id}
        if any(transfer.get(k) != v for k, v in wanted.items()) or cents(transfer.get("amount") or {}) != attempt.amount:
            return "a transfer other than the request: " + shown
        if replay and attempt.transfer is not None:
            if transfer != attempt.transfer:
                return f"the replay gave another transfer than the first answer {json.dumps(attempt.transfer)}: " + shown
            if reply.headers.get("idempotent-replayed") != "true":
                return "a replay without Idempotent-Replayed: true: " + shown
        return ""

    def replay_step(self, http: Http) -> None:
        with self.lock:
            if not self.acknowledged:
                return
            attempt = random.choice(self.acknowledged)
        reply = self.transfer_request(http, attempt)
        wrong = self.transfer_problem(attempt, reply, replay=True)
        if wrong:
            raise WrongAnswer(wrong)
        self.count("replays")

    # -- one life ---------------------------------------------------------------------------------------------------
    def sample(self) -> None:
        try:
            self.life.fd.append(self.server.fd_count())
            self.life.rss_kib.append(self.server.rss_kib())
        except OSError as error:
            self.problem("crash", f"life {self.life.number}: cannot read /proc/{self.server.pid}: {error}")

    def replay_ceremony(self, body: Optional[dict[str, Any]], when: str) -> None:
        if body is None:
            self.problem("ceremony", f"{when}: no completed sign-in to replay")
            return
        http = Http(self.server.origin)
        try:
            reply = http.post_json("/webauthn/authentication/verify", body)
        finally:
            http.close()
        if 400 <= reply.status < 500 and reply.code in CEREMONY_REFUSALS:
            self.life.ceremony.append(reply.code)
        else:
            self.problem(
                "ceremony usable twice",
                f"{when}: a completed ceremony's verify body sent again: {describe('POST', '/webauthn/authentication/verify', body, reply)}",
            )

    def run_life(self, number: int) -> None:
        life = self.life
        life.started = time.monotonic()
        kill_at = random.uniform(*KILL_WINDOW)
        self.running.set()
        time.sleep(min(SAMPLE_AT, kill_at / 4))
        self.sample()
        self.replay_ceremony(self.last_verify, f"life {number}, during the load")
        time.sleep(max(0.0, life.started + kill_at - SAMPLE_BEFORE_KILL - time.monotonic()))
        self.sample()
        time.sleep(max(0.0, life.started + kill_at - time.monotonic()))
        self.before_kill_verify = self.last_verify
        # Stop issuing new requests, then kill at once: the requests in flight lose their answers.
        self.running.clear()
        kill_time = time.monotonic()
        if not self.server.alive():
            self.problem("crash", f"life {number}: the server exited with {self.server.process.returncode} under load:\n{self.server.log_tail()}")
        else:
            self.server.kill()
        life.up_seconds = kill_time - life.started
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with self.lock:
                if self.parked == self.workers:
                    break
            time.sleep(0.05)
        else:
            self.problem("hang", f"life {number}: clients still waiting 30 s after the kill")
        life.in_flight = sum(1 for a in self.attempts if a.life == number and a.outcome == "lost")
        self.kill_time = kill_time

    # -- after a restart: the checks ------------------------------------------------------------------------------
    def after_restart(self, previous: Life, final: bool) -> None:
        when = f"after kill {previous.number}"
        # Fresh access tokens for the transfer and read clients (refresh tokens live in the database).
        http = Http(self.server.origin)
        for index, chain in enumerate(self.keepers):
            try:
                chain.run(http)
                self.tokens[index] = chain.access_token
            except (WrongAnswer, NoAnswer) as error:
                self.problem("refresh", f"{when}: the token of customer {index} could not be refreshed: {error}")
        # Refresh families whose last rotation was in flight at the kill: the old token either still
        # works (the rotation was not stored) or is refused as used (it was); never anything else.
        with self.lock:
            uncertain, self.uncertain_chains = self.uncertain_chains, []
        for index, chain in uncertain:
            form_token = chain.refresh_token
            try:
                chain.run(http)
                self.chains[index] = chain
                previous.recovered["refresh kept"] = previous.recovered.get("refresh kept", 0) + 1
            except WrongAnswer as error:
                if "invalid_grant" not in str(error):
                    self.problem("refresh", f"{when}: the refresh token in flight at the kill: {error}")
                customer = self.customers[index % CUSTOMERS]
                customer.authorize()
                self.chains[index] = RefreshChain(customer.token["refresh_token"])
                previous.recovered["refresh re-authorized"] = previous.recovered.get("refresh re-authorized", 0) + 1
            assert form_token
        http.close()

        # Transfers whose answer was lost: the key replays the stored transfer or executes it now, once.
        lost = [a for a in self.attempts if a.life == previous.number and a.outcome == "lost"]
        recent = [a for a in self.acknowledged if a.life == previous.number and a.sent >= self.kill_time - SAMPLE_BEFORE_KILL]
        recent_ids = {id(a) for a in recent}
        others = [a for a in self.acknowledged if id(a) not in recent_ids]
        sample = recent + random.sample(others, min(REPLAY_SAMPLE, len(others)))

        def resolve(attempt: Attempt) -> None:
            http = Http(self.server.origin)
            try:
                reply = self.transfer_request(http, attempt)
            except NoAnswer as error:
                self.problem("no answer while up", f"{when}: replay of {attempt.key}: {error}")
                return
            finally:
                http.close()
            wrong = self.transfer_problem(attempt, reply, replay=attempt.outcome == "acknowledged")
            if wrong:
                self.problem("replay", f"{when}: {wrong}")
                return
            if attempt.outcome == "lost":
                attempt.transfer = reply.json()["transfer"]
                attempt.recovered = "stored" if reply.headers.get("idempotent-replayed") == "true" else "executed"
                attempt.outcome = "acknowledged"
                with self.lock:
                    self.acknowledged.append(attempt)
                    previous.recovered[attempt.recovered] = previous.recovered.get(attempt.recovered, 0) + 1
            else:
                with self.lock:
                    previous.replays_checked += 1

        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(resolve, lost))
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(resolve, sample))

        # A ceremony completed before the kill is not usable after it.
        self.replay_ceremony(self.before_kill_verify, when)
        previous.ledger = self.check_ledger(when, both_accounts=final)

    def check_ledger(self, when: str, both_accounts: bool) -> str:
        total_transfers, total_money = 0, 0
        for index, customer in enumerate(self.customers):
            api = BankAPI(self.server_view, self.tokens[index], timeout=(3.0, 60.0))
            known = {a.transfer["id"]: a for a in self.acknowledged if a.customer == index and a.transfer}
            if len(known) != sum(1 for a in self.acknowledged if a.customer == index and a.transfer):
                self.problem("duplicated", f"{when}: two keys of customer {index} were answered with the same transfer id")
            for account in api.accounts():
                total_money += cents(account["balance"])
                if account["name"] != "Everyday" and not both_accounts:
                    continue
                entries = api.history(account["id"], limit=100, max_pages=100_000)
                seen: dict[str, int] = {}
                for entry in entries:
                    if entry.get("transferId"):
                        seen[entry["transferId"]] = seen.get(entry["transferId"], 0) + 1
                for transfer_id, times in seen.items():
                    attempt = known.get(transfer_id)
                    if attempt is None:
                        self.problem("unknown transfer", f"{when}: {account['name']} of customer {index} holds transfer {transfer_id} no client was told of")
                    elif times > 1:
                        self.problem("duplicated", f"{when}: transfer {transfer_id} (key {attempt.key}) is {times} times in {account['name']}")
                for transfer_id, attempt in known.items():
                    if transfer_id not in seen:
                        self.problem("lost acknowledged", f"{when}: transfer {transfer_id} (key {attempt.key}, life {attempt.life}, {attempt.recovered or 'acknowledged'}) is missing from {account['name']} of customer {index}")
                shown = sum(cents(entry["amount"]) for entry in entries)
                if account["id"] not in self.opening_offset:
                    self.opening_offset[account["id"]] = OPENING_BALANCES[account["name"]]
                if cents(account["balance"]) != self.opening_offset[account["id"]] + shown:
                    self.problem("balance", f"{when}: {account['name']} of customer {index}: balance {account['balance']} but opening + history = {self.opening_offset[account['id']] + shown} cents")
                if account["name"] == "Everyday":
                    total_transfers += len(seen)
            api.close()
        expected = CUSTOMERS * sum(OPENING_BALANCES.values())
        if total_money != expected:
            self.problem("balance", f"{when}: all accounts hold {total_money} cents, not {expected}")
        return f"{total_transfers} transfers in the ledger, each once; {total_money / 100:.2f} EUR in all"

    # -- the whole soak ----------------------------------------------------------------------------------------------
    def setup(self) -> float:
        started = self.server.start()
        self.server_view = Server(origin=self.server.origin)
        discovery = discover(self.server_view)
        self.customers = [BankCustomer.sign_up(self.server_view, discovery, "soak") for _ in range(CUSTOMERS)]
        self.keepers = []
        for index, customer in enumerate(self.customers):
            self.keepers.append(RefreshChain(customer.token["refresh_token"], customer.token["access_token"]))
            self.tokens[index] = customer.token["access_token"]
        self.chains: list[Optional[RefreshChain]] = []
        for index in range(REFRESH_CLIENTS):
            customer = self.customers[index % CUSTOMERS]
            customer.authorize()
            self.chains.append(RefreshChain(customer.token["refresh_token"]))
        # One completed sign-in before the load, so the first in-life replay has a ceremony to try.
        http = Http(self.server.origin)
        sign_in = SignIn(self.customers[0].authenticator)
        sign_in.run(http)
        http.close()
        self.last_verify = sign_in.last_verify
        return started

    def minute_line(self, life: Life) -> str:
        c = life.counts
        lost = sum(v for k, v in c.items() if k.endswith(" lost"))
        fd = "→".join(map(str, life.fd)) or "?"
        rss = "→".join(f"{v / 1024:.0f}" for v in life.rss_kib) or "?"
        recovered = ", ".join(f"{v} {k}" for k, v in sorted(life.recovered.items())) or "none"
        return (
            f"minute {life.number:>2}: up {life.up_seconds:4.1f} s (start {life.restart_seconds:.1f} s); "
            f"sign-ins {c.get('sign-ins', 0)}, refreshes {c.get('refreshes', 0)}, reads {c.get('reads', 0)}, "
            f"transfers {c.get('transfers', 0)} acknowledged, replays {c.get('replays', 0)}; "
            f"at the kill {lost} requests lost ({life.in_flight} transfers) -> after restart: {recovered}, "
            f"{life.replays_checked} acknowledged keys replayed the same transfer; "
            f"used ceremonies refused: {','.join(life.ceremony) or 'none'}; fds {fd}; RSS {rss} MiB; "
            f"{life.ledger}; {'OK' if life.problems == 0 else f'{life.problems} PROBLEMS'}"
        )

    def run(self) -> int:
        began = time.monotonic()
        print(f"soak: {self.minutes} minutes, {self.server.binary}, database {self.server.work / 'passbank.sqlite'}, "
              f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)  # fmt: skip
        restart_seconds = self.setup()
        self.start_workers()
        for number in range(1, self.minutes + 1):
            self.life = Life(number, restart_seconds=restart_seconds)
            self.lives.append(self.life)
            self.run_life(number)
            restart_seconds = self.server.start()
            self.after_restart(self.life, final=number == self.minutes)
            print(self.minute_line(self.life), flush=True)
        self.finished = True
        self.server.stop()
        return self.verdict(time.monotonic() - began)

    def verdict(self, seconds: float) -> int:
        reasons = []
        fd_growth = [life.fd[1] - life.fd[0] for life in self.lives if len(life.fd) == 2]
        starts = [life.fd[0] for life in self.lives if life.fd]
        if any(g > FD_NOISE for g in fd_growth) or (starts and max(starts) - min(starts) > 2 * FD_NOISE):
            reasons.append(f"descriptor growth: within lives {fd_growth}, at the start of lives {starts}")
        rss_growth = [(life.rss_kib[1] - life.rss_kib[0]) / 1024 for life in self.lives if len(life.rss_kib) == 2]
        rss_start = [life.rss_kib[0] / 1024 for life in self.lives if life.rss_kib]
        if rss_growth and statistics.median(rss_growth) > max(RSS_NOISE_MIB, 0.2 * statistics.median(rss_start)):
            reasons.append(f"memory growth: {['%.1f' % g for g in rss_growth]} MiB within lives")
        kinds: dict[str, int] = {}
        for kind, _ in self.problems:
            kinds[kind] = kinds.get(kind, 0) + 1
        if kinds:
            reasons.append("problems: " + ", ".join(f"{v} {k}" for k, v in kinds.items()))
        acknowledged = len(self.acknowledged)
        print(
            f"soak totals: {len(self.lives)} SIGKILLs, {acknowledged} transfers acknowledged, "
            f"{sum(life.in_flight for life in self.lives)} transfers in flight at kills, "
            f"fd growth within lives {fd_growth}, RSS growth within lives {['%.1f' % g for g in rss_growth]} MiB, "
            f"RSS at 10 s per life {['%.0f' % v for v in rss_start]} MiB; {seconds / 60:.1f} min; "
            f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}"
        )
        if reasons:
            print("soak verdict: FAIL: " + "; ".join(reasons))
            return 1
        print("soak verdict: PASS: no acknowledged transfer lost or duplicated, replays gave the same transfer, "
              "no ceremony usable twice, no descriptor or memory growth beyond noise")  # fmt: skip
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="keep the database and the server log")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="passbank-soak-"))
    soak = Soak(options.binary, work, options.minutes)
    status = 1
    try:
        status = soak.run()
        return status
    finally:
        soak.finished = True
        soak.server.stop()
        if status == 0 and not options.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"server log and database kept in {work}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
