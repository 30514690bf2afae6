"""The load benchmark of `make bench` (run by scripts/bench-transfers.sh in .venv-test).

Starts the release `passbank serve` on a loopback port with a fresh database and the abuse limits
lifted, then measures at concurrency 1, 8, 32 and 128 (closed loop: each client sends its next
request when the answer came):

  sign-ins   POST /webauthn/authentication/options {}, navigator.credentials.get() by
             Tests/ExternalClients/softauthn.py (a real P-256 signature), POST .../verify -> 200 acr
  refreshes  POST /oauth2/token grant_type=refresh_token; each answer's refresh token is the next one
  accounts   GET /api/accounts -> 200                                  (wrk, scripts/bench-transfers.lua)
  transfers  POST /api/transfers of 0.01 EUR, a unique Idempotency-Key each -> 201   (wrk)

Sign-ins and refreshes need client work per request (an ECDSA signature, parsing each answer), so a
Python load generator drives them: min(concurrency, nproc) processes of threads on http.client
keep-alive connections. Both it and wrk share the machine's cores with the server, so the numbers
are a lower bound of what the server alone would do. The server's VmRSS is sampled every 50 ms
(before / after / peak per run). `openssl speed -seconds 3 ecdsap256` runs in the same invocation,
before the load, and sign-ins/s are shown as a share of its single-core P-256 verify rate.

It never fails on time. It fails (exit 1) when an answer was wrong (any status or body other than
the contract's, or no answer from a live server), the server died, or the ledger does not add up
afterwards (the two accounts still hold 15,000.00 EUR, every transfer id is in the history once, and
the history holds between the acknowledged count and that plus the requests in flight at the end).

Usage: bench-load.py BINARY   Knobs: BENCH_DURATION seconds per run (8), BENCH_CONCURRENCY (1,8,32,128),
BENCH_MODES (signins,refreshes,accounts,transfers).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Tests" / "ExternalClients"))

from bank_customer import OPENING_BALANCES, BankAPI, BankCustomer, cents, discover  # noqa: E402
from loadgen import (  # noqa: E402
    Http,
    LoadResult,
    NoAnswer,
    RefreshChain,
    RssSampler,
    ServerProcess,
    SignIn,
    WrongAnswer,
    percentile,
    proc_cpu_seconds,
)
from passbank_client import Server  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DURATION = float(os.environ.get("BENCH_DURATION", "8"))
CONCURRENCY = [int(c) for c in os.environ.get("BENCH_CONCURRENCY", "1,8,32,128").split(",")]
MODES = os.environ.get("BENCH_MODES", "signins,refreshes,accounts,transfers").split(",")
SIGNIN_CUSTOMERS = 8  # sign-ins spread over this many accounts (one synced passkey each)
WARMUP = 1.5  # seconds of load per workload before its measured runs (at concurrency 8)
CORES = os.cpu_count() or 1

# Set before the worker processes fork: they inherit it (keys are not picklable, and need not be).
STATE: dict[str, Any] = {}


# -- the Python load generator -------------------------------------------------------------------------------
def worker_process(mode: str, slots: list[int], start: float, deadline: float, queue: Any) -> None:
    """One process: a thread per slot; puts (LoadResult, {slot: refresh token}) on the queue."""
    origin = STATE["origin"]
    results = [LoadResult() for _ in slots]
    chains: dict[int, RefreshChain] = {}

    def run(index: int, slot: int) -> None:
        result = results[index]
        http = Http(origin)
        if mode == "signins":
            operation = SignIn(STATE["authenticators"][slot % len(STATE["authenticators"])]).run
        else:
            chain = chains[slot] = RefreshChain(STATE["refresh_tokens"][slot])
            operation = chain.run
        delay = start - time.time()
        if delay > 0:
            time.sleep(delay)
        last = time.time()
        while time.time() < deadline:
            began = time.perf_counter()
            try:
                operation(http)
                result.ok += 1
                result.latencies.append(time.perf_counter() - began)
            except WrongAnswer as error:
                result.wrong += 1
                result.first_wrong = result.first_wrong or str(error)
                if mode == "refreshes":
                    break  # the family is spent or revoked: this client cannot go on
            except NoAnswer as error:
                result.no_answer += 1
                result.first_wrong = result.first_wrong or f"no answer: {error}"
                time.sleep(0.01)
            last = time.time()
        result.elapsed = last - start
        http.close()

    threads = [threading.Thread(target=run, args=(i, slot), daemon=True) for i, slot in enumerate(slots)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    merged = LoadResult()
    for result in results:
        merged.absorb(result)
    queue.put((merged, {slot: chain.refresh_token for slot, chain in chains.items()}))


def python_load(mode: str, concurrency: int, duration: float) -> LoadResult:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    processes_count = min(concurrency, CORES)
    start = time.time() + 0.5
    deadline = start + duration
    processes = []
    for p in range(processes_count):
        slots = list(range(p, concurrency, processes_count))
        process = context.Process(target=worker_process, args=(mode, slots, start, deadline, queue), daemon=True)
        process.start()
        processes.append(process)
    total = LoadResult()
    for _ in processes:
        merged, tokens = queue.get(timeout=duration + 120)
        total.absorb(merged)
        STATE["refresh_tokens"].update(tokens)  # the next run continues each family
    for process in processes:
        process.join(timeout=30)
    total.latencies.sort()
    return total


# -- wrk ---------------------------------------------------------------------------------------------------------
def wrk_load(mode: str, concurrency: int, duration: float, token: str) -> LoadResult:
    threads = min(concurrency, CORES, 4)
    path = "/api/transfers" if mode == "transfers" else "/api/accounts"
    env = os.environ | {
        "BENCH_MODE": mode,
        "PASSBANK_TOKEN": token,
        "PASSBANK_FROM": STATE["from"],
        "PASSBANK_TO": STATE["to"],
        "BENCH_RUN": f"{os.getpid()}-{time.time_ns()}-c{concurrency}",
    }
    command = ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{duration:.0f}s", "--timeout", "10s",
               "-s", str(REPO / "scripts" / "bench-transfers.lua"), STATE["origin"].replace("localhost", "127.0.0.1") + path]  # fmt: skip
    output = subprocess.run(command, env=env, capture_output=True, text=True, timeout=duration + 60)
    match = re.search(r"^JSON (\{.*\})$", output.stdout, re.MULTILINE)
    if output.returncode != 0 or not match:
        raise RuntimeError(f"wrk failed ({output.returncode}): {output.stdout}\n{output.stderr}")
    summary = json.loads(match.group(1))
    result = LoadResult(
        ok=summary["ok"],
        wrong=summary["unexpected"],
        no_answer=sum(summary["socket_errors"].values()),
        first_wrong=summary["first_unexpected"] or (f"socket errors {summary['socket_errors']}" if any(summary["socket_errors"].values()) else ""),
        elapsed=summary["seconds"],
    )
    result.latencies = []  # wrk gives the percentiles itself
    result.wrk = summary  # type: ignore[attr-defined]
    return result


# -- the run -----------------------------------------------------------------------------------------------------
@dataclass
class Row:
    mode: str
    concurrency: int
    rate: float
    p50: float
    p99: float
    ok: int
    wrong: int
    no_answer: int
    rss: tuple[int, int, int]
    cpu_ms: float = 0.0  # server CPU (user + system) per successful operation
    note: str = ""
    first_wrong: str = ""


def openssl_p256_verify() -> tuple[float, str]:
    output = subprocess.run(["openssl", "speed", "-seconds", "3", "ecdsap256"], capture_output=True, text=True, timeout=120)
    for line in output.stdout.splitlines():
        match = re.match(r"^\s*256 bits ecdsa \(nistp256\)\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)", line)
        if match:
            return float(match.group(2)), line.strip()
    raise RuntimeError(f"no ecdsap256 line in openssl speed output:\n{output.stdout}\n{output.stderr}")


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return f"{CORES} CPUs (nproc {os.cpu_count()}), {model}, {os.uname().sysname} {os.uname().release}"


def loadavg() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f}"


def main() -> int:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    work = Path(tempfile.mkdtemp(prefix="passbank-bench-"))
    server = ServerProcess(binary, work)
    began = time.monotonic()
    status = 0
    try:
        print(f"machine: {machine()}; load average at start {loadavg()}", flush=True)
        print(f"server:  {binary} ({os.path.realpath(binary)}), SQLite in {work}, limits lifted", flush=True)
        server.start()
        # Single-core P-256 verify rate, measured in this run while the server is idle.
        verify_rate, openssl_line = openssl_p256_verify()
        print(f"openssl speed -seconds 3 ecdsap256: {openssl_line}", flush=True)

        origin = server.origin
        STATE["origin"] = origin
        api_server = Server(origin=origin)
        discovery = discover(api_server)
        customers = [BankCustomer.sign_up(api_server, discovery, "bench") for _ in range(SIGNIN_CUSTOMERS)]
        STATE["authenticators"] = [customer.authenticator for customer in customers]
        payer = customers[0]
        STATE["from"], STATE["to"] = payer.accounts["Everyday"], payer.accounts["Savings"]
        # One refresh family per client of the largest run, plus one that keeps wrk's access token fresh.
        refresh_tokens: dict[int, str] = {}
        for slot in range(max(CONCURRENCY)):
            customer = customers[slot % len(customers)]
            customer.authorize()
            refresh_tokens[slot] = customer.token["refresh_token"]
        STATE["refresh_tokens"] = refresh_tokens
        payer.authorize()
        wrk_chain = RefreshChain(payer.token["refresh_token"])
        token_http = Http(origin)

        print(
            f"clients: sign-ins and refreshes by a Python load generator (min(concurrency, {CORES}) processes of threads, "
            f"http.client keep-alive), accounts and transfers by wrk (-t min(concurrency, {CORES})); all share the "
            f"machine's {CORES} cores with the server. {DURATION:.0f} s per run after a {WARMUP} s warm-up per workload.",
            flush=True,
        )
        sampler = RssSampler(server.pid)
        rows: list[Row] = []
        acknowledged_transfers = 0
        in_flight_bound = 0
        for mode in MODES:
            python_mode = mode in ("signins", "refreshes")

            def run(concurrency: int, duration: float) -> LoadResult:
                if python_mode:
                    return python_load(mode, concurrency, duration)
                wrk_chain.run(token_http)  # a fresh 300 s access token for this run
                return wrk_load(mode, concurrency, duration, wrk_chain.access_token)

            warm = run(8, WARMUP)
            if mode == "transfers":
                acknowledged_transfers += warm.ok
                in_flight_bound += 8
            if warm.wrong or warm.no_answer:
                print(f"warm-up {mode}: {warm.wrong} wrong, {warm.no_answer} unanswered; first: {warm.first_wrong}", flush=True)
                status = 1
            for concurrency in CONCURRENCY:
                before = sampler.phase()
                cpu_before = proc_cpu_seconds(server.pid)
                result = run(concurrency, DURATION)
                cpu = proc_cpu_seconds(server.pid) - cpu_before
                after, peak = sampler.end()
                if python_mode:
                    rate = result.ok / result.elapsed if result.elapsed else 0.0
                    p50, p99 = percentile(result.latencies, 0.50) * 1000, percentile(result.latencies, 0.99) * 1000
                else:
                    summary = result.wrk  # type: ignore[attr-defined]
                    rate, p50, p99 = summary["ok"] / summary["seconds"], summary["p50_ms"], summary["p99_ms"]
                if mode == "transfers":
                    acknowledged_transfers += result.ok
                    in_flight_bound += concurrency
                row = Row(mode, concurrency, rate, p50, p99, result.ok, result.wrong, result.no_answer, (before, after, peak))
                row.cpu_ms = 1000 * cpu / result.ok if result.ok else 0.0
                row.first_wrong = result.first_wrong
                if mode == "signins":
                    row.note = f"{rate / verify_rate:.4f} x openssl verify/s ({100 * rate / verify_rate:.1f}%)"
                rows.append(row)
                print(
                    f"  {mode} c={concurrency}: {rate:.0f}/s p50 {p50:.2f} ms p99 {p99:.2f} ms, {result.ok} ok, "
                    f"{result.wrong} wrong, {result.no_answer} unanswered; server CPU {row.cpu_ms:.2f} ms/op; RSS {mib(before)}/{mib(after)}/{mib(peak)} MiB",
                    flush=True,
                )
                if result.wrong or result.no_answer:
                    print(f"    first wrong answer: {result.first_wrong}", flush=True)
                    status = 1
                if not server.alive():
                    print(f"the server died during {mode} c={concurrency}:\n{server.log_tail()}", flush=True)
                    return 1
        sampler.stop()
        token_http.close()

        # The ledger after the transfers: money kept, each transfer once, none lost.
        ledger_line = ""
        if "transfers" in MODES:
            wrk_chain.run(Http(origin))
            api = BankAPI(api_server, wrk_chain.access_token, timeout=(3.0, 60.0))
            total, ids, entries_count = 0, [], 0
            for account in api.accounts():
                total += cents(account["balance"])
                if account["id"] == STATE["from"]:
                    history = api.history(account["id"], max_pages=100_000)
                    entries_count = len(history)
                    ids = [entry["transferId"] for entry in history if entry.get("transferId")]
            problems = []
            if total != sum(OPENING_BALANCES.values()):
                problems.append(f"the balances add up to {total} cents, not {sum(OPENING_BALANCES.values())}")
            if len(set(ids)) != len(ids):
                problems.append(f"{len(ids) - len(set(ids))} transfer ids appear twice in the Everyday history")
            if not acknowledged_transfers <= len(ids) <= acknowledged_transfers + in_flight_bound:
                problems.append(
                    f"the history holds {len(ids)} transfers, the clients were acknowledged {acknowledged_transfers} "
                    f"(at most {in_flight_bound} more could have been in flight when wrk stopped)"
                )
            ledger_line = (
                f"ledger: {len(ids)} transfers in the Everyday history ({entries_count} entries), {acknowledged_transfers} "
                f"acknowledged (201); balances add up to {total / 100:.2f} EUR"
            )
            if problems:
                ledger_line += "; WRONG: " + "; ".join(problems)
                status = 1

        print()
        names = {"signins": "sign-ins", "refreshes": "refreshes", "accounts": "account reads", "transfers": "transfers"}
        header = f"{'workload':<14}{'conc':>5}{'per s':>9}{'p50 ms':>9}{'p99 ms':>9}{'ok':>8}{'wrong':>7}{'no ans':>7}{'srv CPU':>9}  {'RSS MiB b/a/peak':<17}note"
        print(header)
        print("-" * (len(header) + 30))
        for row in rows:
            rss = "/".join(mib(v) for v in row.rss)
            print(
                f"{names[row.mode]:<14}{row.concurrency:>5}{row.rate:>9.0f}{row.p50:>9.2f}{row.p99:>9.2f}{row.ok:>8}"
                f"{row.wrong:>7}{row.no_answer:>7}{row.cpu_ms:>9.2f}  {rss:<17}{row.note}"
            )
        print("-" * (len(header) + 30))
        print(
            f"openssl P-256 verify (one core): {verify_rate:.0f}/s = {1000 / verify_rate:.3f} ms each; a sign-in needs one on the "
            f"server. srv CPU: the server's user+system CPU ms per answered operation (/proc/<pid>/stat), which the "
            f"shared machine disturbs less than the rates."
        )
        print(
            f"clients share the machine's {CORES} cores with the server (Python generator for sign-ins/refreshes, wrk for "
            f"reads/transfers); load average at end {loadavg()}; bench took {time.monotonic() - began:.0f} s."
        )
        if ledger_line:
            print(ledger_line)
        if not server.alive():
            print(f"the server died:\n{server.log_tail()}")
            status = 1
        if status:
            print("bench: some answers were wrong (see above)", file=sys.stderr)
        return status
    finally:
        server.stop()
        if status == 0:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"server log and database kept in {work}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
