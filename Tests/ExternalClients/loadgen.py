"""Load-generation helpers for scripts/bench-load.py (make bench) and scripts/soak.py (scripts/soak.sh).

* `ServerProcess`: `passbank serve` on a loopback port and a database file of its own, started,
  SIGKILLed and restarted on the same database; `/proc/<pid>` readings (VmRSS, open descriptors).
* `RssSampler`: samples VmRSS every 50 ms, for before / after / peak of a phase.
* `Http`: one keep-alive HTTP/1.1 connection on `http.client` (much less client CPU per request than
  `requests`, which matters when the load generator shares the machine's cores with the server).
* `SignIn` and `RefreshChain`: one full passkey sign-in (options, `get()` with softauthn, verify) and
  one refresh_token grant with rotation, each checking the answer.

No pytest here; the ceremonies and tokens follow DESIGN.md "HTTP surface" and docs/openid-provider.md.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence
from urllib.parse import urlencode

import requests

from softauthn import SoftAuthenticator

REPO_ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "passbank-web"
# The abuse limits, lifted as far as `passbank serve` allows: it refuses `100000000/1m` ("a count of
# 1-1000000 and a window of 1s-24h"), so a million per second.
RATE_LIMIT = "1000000/1s"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- the server -----------------------------------------------------------------------------------------------
class ServerProcess:
    """`passbank serve` with the abuse limits lifted, on `work/passbank.sqlite`; Site/ and Templates/
    from `source_root` (the repository by default). `options` are added to the command line;
    `tls` (certificate chain, key: PEM files) serves HTTPS, checked against that certificate."""

    def __init__(
        self,
        binary: str,
        work: Path,
        port: Optional[int] = None,
        source_root: Path = REPO_ROOT,
        options: Sequence[str] = (),
        tls: Optional[tuple[Path, Path]] = None,
    ) -> None:
        self.binary = os.path.abspath(binary)  # the server runs in `work`
        self.work = work
        self.source_root = source_root
        self.port = port or free_port()
        self.options = list(options)
        self.tls = tls
        self.origin = f"{'https' if tls else 'http'}://localhost:{self.port}"
        self.log_path = work / "server.log"
        self.process: Optional[subprocess.Popen[bytes]] = None
        self.starts = 0

    def start(self, timeout: float = 90.0) -> float:
        """Starts and waits for GET /healthz; returns the seconds it took."""
        command = [
            self.binary, "serve",
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--origin", self.origin,
            "--database", str(self.work / "passbank.sqlite"),
            "--public", str(self.work / "public"),
            "--site", str(self.source_root / "Site"),
            "--templates", str(self.source_root / "Templates"),
            "--rate-limit-ip", RATE_LIMIT,
            "--rate-limit-account", RATE_LIMIT,
            "--log-level", "warning",
        ]  # fmt: skip
        if self.tls:
            command += ["--tls-cert", str(self.tls[0]), "--tls-key", str(self.tls[1])]
        command += self.options
        self.starts += 1
        started = time.monotonic()
        with self.log_path.open("ab") as log:
            log.write(f"\n==== start {self.starts} ====\n".encode())
            log.flush()
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=self.work)
        deadline = started + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"passbank exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                verify = str(self.tls[0]) if self.tls else True
                if requests.get(f"{self.origin}/healthz", timeout=2, verify=verify).status_code == 200:
                    return time.monotonic() - started
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"passbank did not become healthy in {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else "(no log)"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no shutdown hook, no flush, no checkpoint."""
        assert self.alive(), "the server died before the kill"
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def rss_kib(self) -> int:
        return proc_rss_kib(self.pid)

    def fd_count(self) -> int:
        return len(os.listdir(f"/proc/{self.pid}/fd"))


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used (/proc/<pid>/stat utime, stime)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def proc_rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler:
    """VmRSS of one process every `interval` seconds; `phase()` starts a new peak."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True, name="rss-sampler")
        self.thread.start()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            value = proc_rss_kib(self.pid)
            with self.lock:
                self.peak = max(self.peak, value)

    def phase(self) -> int:
        """Starts a phase; returns the RSS now (before)."""
        now = proc_rss_kib(self.pid)
        with self.lock:
            self.peak = now
        return now

    def end(self) -> tuple[int, int]:
        """(after, peak) of the phase."""
        now = proc_rss_kib(self.pid)
        with self.lock:
            self.peak = max(self.peak, now)
            return now, self.peak

    def stop(self) -> None:
        self.stopped.set()


# -- HTTP -----------------------------------------------------------------------------------------------------
class NoAnswer(Exception):
    """The connection failed before an answer came back."""


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def code(self) -> Optional[str]:
        try:
            return self.json().get("code")
        except (ValueError, AttributeError):
            return None


class Http:
    """One keep-alive connection; reconnects after a failure."""

    def __init__(self, origin: str, timeout: float = 30.0) -> None:
        self.origin = origin
        host, port = origin.split("//", 1)[1].split(":")
        self.host, self.port = host, int(port)
        self.timeout = timeout
        self.connection: Optional[http.client.HTTPConnection] = None

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(self, method: str, path: str, body: Optional[bytes] = None, headers: Optional[dict[str, str]] = None) -> Reply:
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            self.connection.request(method, path, body=body, headers=headers or {})
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            raise NoAnswer(f"{type(error).__name__}: {error}") from error
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, data)

    def post_json(self, path: str, document: Any, headers: Optional[dict[str, str]] = None) -> Reply:
        sent = {"Content-Type": "application/json", "Origin": self.origin, "Accept": "application/json"}
        sent |= headers or {}
        return self.request("POST", path, json.dumps(document, separators=(",", ":")).encode(), sent)


class WrongAnswer(Exception):
    """The server answered, but not what the contract says."""


def describe(method: str, path: str, body: Any, reply: Optional[Reply]) -> str:
    sent = body if isinstance(body, str) else json.dumps(body, separators=(",", ":")) if body is not None else ""
    if reply is None:
        return f"[{method} {path} {sent[:300]} -> no answer]"
    shown = {k: v for k, v in reply.headers.items() if k in ("content-type", "www-authenticate", "idempotent-replayed", "retry-after")}
    return f"[{method} {path} {sent[:300]} -> {reply.status} {json.dumps(shown)} {reply.body[:400].decode(errors='replace')}]"


# -- the operations -------------------------------------------------------------------------------------------
@dataclass
class SignIn:
    """A discoverable-credential sign-in (the "Sign in with a passkey" button): options, get(), verify."""

    authenticator: SoftAuthenticator
    last_verify: Optional[dict[str, Any]] = None  # the body of the last completed verify

    def run(self, http: Http) -> str:
        options = http.post_json("/webauthn/authentication/options", {})
        if options.status != 200:
            raise WrongAnswer("options: " + describe("POST", "/webauthn/authentication/options", {}, options))
        document = options.json()
        assertion = self.authenticator.get(document["publicKey"])
        body = {"ceremonyId": document["ceremonyId"], "credential": assertion}
        verify = http.post_json("/webauthn/authentication/verify", body)
        if verify.status != 200 or verify.json().get("acr") not in ("phr", "phrh"):
            raise WrongAnswer("verify: " + describe("POST", "/webauthn/authentication/verify", body, verify))
        self.last_verify = body
        return verify.json()["acr"]


@dataclass
class RefreshChain:
    """One refresh-token family of passbank-web: each answer's refresh token is the next one."""

    refresh_token: str
    access_token: str = ""
    rotations: int = 0

    def run(self, http: Http) -> None:
        form = {"grant_type": "refresh_token", "refresh_token": self.refresh_token, "client_id": CLIENT_ID}
        reply = http.request(
            "POST", "/oauth2/token", urlencode(form).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
        )  # fmt: skip
        shown = {"grant_type": "refresh_token", "refresh_token": self.refresh_token[:8] + "…", "client_id": CLIENT_ID}
        if reply.status != 200:
            raise WrongAnswer(describe("POST", "/oauth2/token", urlencode(shown), reply))
        token = reply.json()
        new = token.get("refresh_token")
        if not new or new == self.refresh_token or not token.get("access_token"):
            raise WrongAnswer("no rotated refresh token: " + describe("POST", "/oauth2/token", urlencode(shown), reply))
        self.refresh_token, self.access_token = new, token["access_token"]
        self.rotations += 1


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), int(fraction * len(sorted_values) + 0.999999)))
    return sorted_values[rank - 1]


@dataclass
class LoadResult:
    ok: int = 0
    wrong: int = 0
    no_answer: int = 0
    latencies: list[float] = field(default_factory=list)
    first_wrong: str = ""
    elapsed: float = 0.0

    def absorb(self, other: "LoadResult") -> None:
        """Adds another client's counts and latencies; runs side by side, so the longer elapsed wins."""
        self.ok += other.ok
        self.wrong += other.wrong
        self.no_answer += other.no_answer
        self.latencies += other.latencies
        self.first_wrong = self.first_wrong or other.first_wrong
        self.elapsed = max(self.elapsed, other.elapsed)
