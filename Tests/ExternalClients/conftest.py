"""Starts the real `passbank serve` binary once per test session, with a fresh database and site and a
test operator trust anchor for the software security key (DESIGN.md "Trust anchors").

The binary is $PASSBANK_BINARY (scripts/external-tests.sh sets it); without one the session errors,
it never skips.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import requests

from passbank_client import Server
from softauthn import AttestationAuthority, write_anchors

REPO_ROOT = Path(__file__).resolve().parents[2]
# Where Site/ and Templates/ come from (the server builds the site at start); the repository by default.
SOURCE_ROOT = Path(os.environ.get("PASSBANK_SOURCE_ROOT", REPO_ROOT))


SERVER_LOGS: list[Path] = []


def pytest_terminal_summary(terminalreporter, exitstatus: int) -> None:
    """On any failure, show the end of the server's log beside pytest's report."""
    if exitstatus == 0:
        return
    for log_path in SERVER_LOGS:
        text = log_path.read_text(errors="replace")[-6000:] if log_path.exists() else "(no log)"
        terminalreporter.write_sep("-", f"passbank server log {log_path}")
        terminalreporter.write_line(text)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def authority() -> AttestationAuthority:
    """The attestation PKI of 'Test Security Key', a random non-zero AAGUID."""
    return AttestationAuthority(aaguid=uuid.uuid4().bytes)


@pytest.fixture(scope="session")
def other_authority() -> AttestationAuthority:
    """A second model of security key, also anchored (another person's key in the step-up test)."""
    return AttestationAuthority(aaguid=uuid.uuid4().bytes, name="Passbank External Other Key")


@pytest.fixture(scope="session")
def server(
    tmp_path_factory: pytest.TempPathFactory,
    authority: AttestationAuthority,
    other_authority: AttestationAuthority,
) -> Iterator[Server]:
    binary = os.environ.get("PASSBANK_BINARY", str(REPO_ROOT / ".build/debug/passbank"))
    if not os.access(binary, os.X_OK):
        pytest.fail(f"no executable passbank binary at {binary}", pytrace=False)
    work = tmp_path_factory.mktemp("passbank")
    anchors = work / "anchors"
    anchors.mkdir()
    write_anchors(anchors, [authority, other_authority])
    port = free_port()
    origin = f"http://localhost:{port}"
    log_path = work / "server.log"
    SERVER_LOGS.append(log_path)
    command = [
        binary, "serve",
        "--host", "127.0.0.1",
        "--port", str(port),
        "--origin", origin,
        "--database", str(work / "passbank.sqlite"),
        "--public", str(work / "public"),
        "--site", str(SOURCE_ROOT / "Site"),
        "--templates", str(SOURCE_ROOT / "Templates"),
        "--trust-anchors", str(anchors),
        "--new-key-hold", "0",
        # One address drives every test here; the limits themselves are tested in PassbankServerTests.
        "--rate-limit-ip", "100000/1m",
        "--rate-limit-account", "100000/1m",
        "--log-level", "warning",
    ]  # fmt: skip
    log = log_path.open("wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=work)
    try:
        wait_until_healthy(origin, process, log_path)
        yield Server(origin=origin)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def wait_until_healthy(origin: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    """Polls GET /healthz until 200 (the server builds the site first), for at most 60 s."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"passbank exited with {process.returncode}:\n{log_path.read_text(errors='replace')}", pytrace=False)
        try:
            if requests.get(f"{origin}/healthz", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    pytest.fail(f"passbank did not become healthy:\n{log_path.read_text(errors='replace')}", pytrace=False)


@pytest.fixture(scope="session")
def discovery(server: Server) -> dict:
    response = requests.get(f"{server.origin}/.well-known/openid-configuration", timeout=5)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="session")
def jwks(discovery: dict) -> dict:
    response = requests.get(discovery["jwks_uri"], timeout=5)
    assert response.status_code == 200, response.text
    return response.json()
