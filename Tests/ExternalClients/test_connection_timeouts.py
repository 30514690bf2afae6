"""Slow clients cannot hold the server's connections (issue 14, slowloris): the real binary with short
timeouts, over plain TCP and over TLS, driven byte by byte with raw sockets.

Two servers per transport: one with `--header-timeout 1s --body-timeout 1s --idle-timeout 2s`, and
one whose idle timeout (60 s) is far beyond the wait here, so that a trickled head or body cut off
there can only have been cut off by its own timeout (Hummingbird's idle timeout sees only decoded
HTTP parts: it would close a trickled head too, but only after the idle timeout).

Assertions are on behaviour: the server closes the socket (end of stream or reset) within a generous
bound, never at an exact time; clients that keep up are never disturbed.
"""

from __future__ import annotations

import datetime
import os
import select
import socket
import ssl
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from conftest import REPO_ROOT, SERVER_LOGS, SOURCE_ROOT
from loadgen import ServerProcess

SHORT_TIMEOUTS = ["--header-timeout", "1s", "--body-timeout", "1s", "--idle-timeout", "2s"]
LONG_IDLE = ["--header-timeout", "1s", "--body-timeout", "1s", "--idle-timeout", "60s"]
# Generous: the timeouts are 1-2 s; a loaded CI machine must not make this flaky.
CLOSED_WITHIN = 10.0
TRICKLE_INTERVAL = 0.3


@dataclass
class QuickServer:
    """`passbank serve` with SHORT_TIMEOUTS, plain or TLS; `connect()` gives a connected socket."""

    process: ServerProcess
    certificate: Optional[Path]

    @property
    def origin(self) -> str:
        return self.process.origin

    def connect(self) -> socket.socket:
        raw = socket.create_connection(("127.0.0.1", self.process.port), timeout=5)
        if not self.certificate:
            return raw
        context = ssl.create_default_context(cafile=str(self.certificate))
        return context.wrap_socket(raw, server_hostname="localhost")

    def get(self, path: str) -> requests.Response:
        return requests.get(self.origin + path, timeout=5, verify=str(self.certificate) if self.certificate else True)


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A P-256 certificate for localhost, valid for a day: (chain, key) PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    chain, private = directory / "cert.pem", directory / "key.pem"
    chain.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return chain, private


@pytest.fixture(scope="module", params=["http", "https"])
def transport(request: pytest.FixtureRequest) -> str:
    return request.param


def start(tmp_path_factory: pytest.TempPathFactory, transport: str, options: list[str]) -> Iterator[QuickServer]:
    binary = os.environ.get("PASSBANK_BINARY", str(REPO_ROOT / ".build/debug/passbank"))
    if not os.access(binary, os.X_OK):
        pytest.fail(f"no executable passbank binary at {binary}", pytrace=False)
    work = tmp_path_factory.mktemp(f"timeouts-{transport}")
    tls = self_signed(work) if transport == "https" else None
    process = ServerProcess(binary, work, source_root=SOURCE_ROOT, options=options, tls=tls)
    SERVER_LOGS.append(process.log_path)
    process.start()
    try:
        yield QuickServer(process, tls[0] if tls else None)
    finally:
        assert process.alive(), f"passbank died during the timeout tests:\n{process.log_tail()}"
        process.stop()


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory, transport: str) -> Iterator[QuickServer]:
    """Every timeout short: header 1 s, body 1 s, idle 2 s."""
    yield from start(tmp_path_factory, transport, SHORT_TIMEOUTS)


@pytest.fixture(scope="module")
def long_idle(tmp_path_factory: pytest.TempPathFactory, transport: str) -> Iterator[QuickServer]:
    """Header and body 1 s, idle 60 s: only the header and body timeouts can act within CLOSED_WITHIN."""
    yield from start(tmp_path_factory, transport, LONG_IDLE)


# -- raw HTTP/1.1 over one socket --------------------------------------------------------------------------
def read_response(sock: socket.socket) -> tuple[int, bytes]:
    """One response with a Content-Length body: (status, body)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        assert chunk, f"the server closed the connection mid-answer: {data!r}"
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, value in (line.split(":", 1) for line in lines[1:])}
    assert "content-length" in headers, f"expected a Content-Length answer: {head!r}"
    length = int(headers["content-length"])
    while len(rest) < length:
        chunk = sock.recv(4096)
        assert chunk, "the server closed the connection mid-body"
        rest += chunk
    assert len(rest) == length, "more bytes than the answer's Content-Length"
    return int(lines[0].split(" ")[1]), rest


def exchange(sock: socket.socket, path: str = "/healthz") -> int:
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n".encode())
    return read_response(sock)[0]


def pending(sock: socket.socket) -> bool:
    """Whether a read would not block (TLS may hold decrypted bytes that select() cannot see)."""
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    return bool(select.select([sock], [], [], TRICKLE_INTERVAL)[0])


def closed_by_peer(sock: socket.socket, trickle: bytes = b"", within: float = CLOSED_WITHIN) -> tuple[float, int, bytes]:
    """Sends `trickle` one byte every TRICKLE_INTERVAL while waiting for the server to close the
    connection; returns (seconds waited, bytes trickled, bytes received). Fails after `within`."""
    started = time.monotonic()
    sent, received = 0, b""
    next_send = started
    while time.monotonic() - started < within:
        if sent < len(trickle) and time.monotonic() >= next_send:
            try:
                sock.sendall(trickle[sent : sent + 1])
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                return time.monotonic() - started, sent, received
            sent += 1
            next_send += TRICKLE_INTERVAL
        if pending(sock):
            try:
                chunk = sock.recv(4096)
            except (ConnectionResetError, ssl.SSLError):
                return time.monotonic() - started, sent, received
            if not chunk:
                return time.monotonic() - started, sent, received
            received += chunk
    pytest.fail(f"the connection was still open after {within:.0f} s ({sent} bytes trickled, received {received[:200]!r})")


HEAD_START = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n"
SLOW_HEADER = b"X-Slow: " + b"a" * 200


# -- the timeouts ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("after_an_answer", [False, True], ids=["first-request", "keep-alive-request"])
def test_a_trickled_head_is_cut_off(long_idle: QuickServer, after_an_answer: bool) -> None:
    """--header-timeout: a head still unfinished after 1 s is closed, although a byte arrives every
    0.3 s (on a fresh connection, and as the next request of a kept-alive one)."""
    with long_idle.connect() as sock:
        if after_an_answer:
            assert exchange(sock) == 200
        sock.sendall(HEAD_START)
        waited, trickled, received = closed_by_peer(sock, trickle=SLOW_HEADER)
    assert trickled >= 4, f"closed after {waited:.1f} s and {trickled} bytes: before the head could have been slow"
    assert b"HTTP/1.1 200" not in received, "an unfinished head was answered"


def test_an_idle_keep_alive_connection_is_closed(quick: QuickServer) -> None:
    """--idle-timeout: a kept-alive connection with no request in progress is closed."""
    with quick.connect() as sock:
        assert exchange(sock) == 200
        closed_by_peer(sock)


def test_a_silent_connection_is_closed(long_idle: QuickServer) -> None:
    """A connection that never sends a byte is closed by --header-timeout (the first head is due from the start)."""
    with long_idle.connect() as sock:
        closed_by_peer(sock)


def test_a_slow_body_is_cut_off(long_idle: QuickServer) -> None:
    """--body-timeout: a body still unfinished after 1 s is closed, although a byte arrives every 0.3 s."""
    with long_idle.connect() as sock:
        sock.sendall(
            b"POST /webauthn/authentication/options HTTP/1.1\r\nHost: localhost\r\n"
            + f"Origin: {long_idle.origin}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{{".encode()
        )
        waited, trickled, received = closed_by_peer(sock, trickle=b" " * 199)
    assert trickled >= 4, f"closed after {waited:.1f} s and {trickled} bytes: before the body could have been slow"
    assert b"HTTP/1.1 200" not in received, "an unfinished body was answered"


def test_back_to_back_requests_keep_their_connection(quick: QuickServer) -> None:
    """A client that sends its requests promptly keeps one connection for longer than every timeout."""
    with quick.connect() as sock:
        started, answered = time.monotonic(), 0
        while time.monotonic() - started < 5.0:
            assert exchange(sock) == 200, f"request {answered + 1} on the kept-alive connection"
            answered += 1
            time.sleep(0.25)
        assert answered >= 10
        assert exchange(sock, "/.well-known/openid-configuration") == 200


def test_other_clients_are_answered_while_slow_clients_hang(quick: QuickServer) -> None:
    """Twenty stalled connections do not keep anyone else waiting, and all of them are closed."""
    stalled = [quick.connect() for _ in range(20)]
    try:
        for sock in stalled:
            sock.sendall(HEAD_START)
        for _ in range(10):
            started = time.monotonic()
            assert quick.get("/healthz").status_code == 200
            assert time.monotonic() - started < 5.0, "a normal request waited behind stalled connections"
        for sock in stalled:
            closed_by_peer(sock)
    finally:
        for sock in stalled:
            sock.close()
    assert quick.get("/healthz").status_code == 200


# -- the options -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "arguments, environment, mentions",
    [
        (["--header-timeout", "0"], {}, "--header-timeout"),
        (["--body-timeout", "11m"], {}, "--body-timeout"),
        (["--idle-timeout", "5 seconds"], {}, "--idle-timeout"),
        ([], {"PASSBANK_IDLE_TIMEOUT": "1h"}, "--idle-timeout"),
    ],
)
def test_timeouts_out_of_range_are_refused_at_start(
    tmp_path: Path, arguments: list[str], environment: dict[str, str], mentions: str
) -> None:
    binary = os.environ.get("PASSBANK_BINARY", str(REPO_ROOT / ".build/debug/passbank"))
    result = subprocess.run(
        [binary, "serve", "--port", "0", "--database", str(tmp_path / "db.sqlite"), *arguments],
        cwd=tmp_path,
        env=os.environ | environment,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0, result.stdout + result.stderr
    assert mentions in result.stderr, result.stderr
