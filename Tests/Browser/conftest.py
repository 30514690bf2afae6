"""Fixtures of the browser suite: the real `passbank serve` binary ($PASSBANK_BINARY, which
scripts/browser-tests.sh sets), Chromium with CDP virtual authenticators, and the operator trust
anchor for Chromium's virtual security key.

Without chromium and chromedriver the suite skips, unless PASSBANK_BROWSER=required (CI), where it
fails. Without a binary it always fails.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
from pathlib import Path
from typing import Callable, Iterator

import cbor2
import pytest

from support import CHROMEDRIVER, CHROMIUM, REPO_ROOT, SECURITY_KEY, Browser, Screenshots, Server, new_driver

SERVERS: list[Server] = []
ANCHOR_NAME = "Chromium virtual security key (test anchor)"
CHROMIUM_TEST_AAGUID = "01020304-0506-0708-0102-030405060708"


def pytest_terminal_summary(terminalreporter, exitstatus: int) -> None:
    """On any failure, show the end of each server's log beside pytest's report."""
    if exitstatus == 0:
        return
    for server in SERVERS:
        terminalreporter.write_sep("-", f"passbank server log {server.log_path}")
        terminalreporter.write_line(server.log()[-5000:])


@pytest.fixture(scope="session")
def binary() -> str:
    path = os.environ.get("PASSBANK_BINARY", str(REPO_ROOT / ".build/debug/passbank"))
    if not os.access(path, os.X_OK):
        pytest.fail(f"no executable passbank binary at {path}", pytrace=False)
    return path


@pytest.fixture(scope="session", autouse=True)
def chromium_present() -> None:
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    if missing:
        message = f"no {' and no '.join(missing)} (Debian packages chromium, chromium-driver)"
        if os.environ.get("PASSBANK_BROWSER") == "required":
            pytest.fail(message + "; PASSBANK_BROWSER=required", pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="session")
def shots() -> Iterator[Screenshots]:
    screenshots = Screenshots(REPO_ROOT / "screenshots")
    yield screenshots
    screenshots.write_index()


def start_server(binary: str, work: Path, *extra: str) -> Server:
    server = Server(binary=binary, work=work, extra=list(extra))
    SERVERS.append(server)
    return server.start()


CAPTURE_SCRIPT = """
const done = arguments[arguments.length - 1];
navigator.credentials.create({publicKey: {
  challenge: crypto.getRandomValues(new Uint8Array(32)),
  rp: {name: "Passbank", id: "localhost"},
  user: {id: crypto.getRandomValues(new Uint8Array(16)), name: "anchor-capture", displayName: "Anchor capture"},
  pubKeyCredParams: [{type: "public-key", alg: -7}, {type: "public-key", alg: -257}],
  attestation: "direct",
  authenticatorSelection: {authenticatorAttachment: "cross-platform", residentKey: "discouraged", userVerification: "preferred"},
}}).then((credential) => done(credential.toJSON().response.attestationObject), (error) => done("error: " + error));
"""


@pytest.fixture(scope="session")
def anchors(binary: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """DIR/anchors.json for Chromium's virtual security key: its attestation certificate, taken from a
    throwaway create() against a first server, is self-signed, so it is its own (test) anchor."""
    server = start_server(binary, tmp_path_factory.mktemp("capture"))
    driver = new_driver()
    try:
        driver.execute_cdp_cmd("WebAuthn.addVirtualAuthenticator", {"options": SECURITY_KEY})
        driver.get(f"{server.origin}/help/")
        attestation = driver.execute_async_script(CAPTURE_SCRIPT)
    finally:
        driver.quit()
        server.stop()
    assert not attestation.startswith("error"), attestation
    decoded = cbor2.loads(base64url(attestation))
    assert decoded["fmt"] == "packed", decoded["fmt"]
    certificate = decoded["attStmt"]["x5c"][0]
    aaguid = decoded["authData"][37:53].hex()
    aaguid = f"{aaguid[:8]}-{aaguid[8:12]}-{aaguid[12:16]}-{aaguid[16:20]}-{aaguid[20:]}"
    assert aaguid == CHROMIUM_TEST_AAGUID, aaguid
    directory = tmp_path_factory.mktemp("anchors")
    pem = "-----BEGIN CERTIFICATE-----\n"
    body = base64.b64encode(certificate).decode()
    pem += "\n".join(body[i : i + 64] for i in range(0, len(body), 64)) + "\n-----END CERTIFICATE-----\n"
    (directory / "chromium-batch.pem").write_text(pem)
    (directory / "anchors.json").write_text(
        json.dumps(
            [
                {
                    "name": ANCHOR_NAME,
                    "aaguids": [aaguid],
                    "roots": ["chromium-batch.pem"],
                    "certificationLevel": "FIDO_CERTIFIED_L1",
                    "keyProtection": ["hardware", "secure_element"],
                    "test": True,
                }
            ],
            indent=2,
        )
    )
    return directory


def base64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@pytest.fixture(scope="session")
def server(binary: str, anchors: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The bank with the anchor and no new-key hold: a key added now counts now."""
    instance = start_server(binary, tmp_path_factory.mktemp("bank"), "--trust-anchors", str(anchors), "--new-key-hold", "0")
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def held_server(binary: str, anchors: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The bank with the anchor and the default new-key hold (24 h)."""
    instance = start_server(binary, tmp_path_factory.mktemp("bank-held"), "--trust-anchors", str(anchors))
    yield instance
    instance.stop()


@pytest.fixture
def open_browser(shots: Screenshots) -> Iterator[Callable[[Server], Browser]]:
    """Opens Chromium on a server; at the end the test fails on any console error or CSP violation."""
    browsers: list[Browser] = []

    def opener(on: Server) -> Browser:
        browser = Browser(on, shots)
        browsers.append(browser)
        return browser

    yield opener
    problems = []
    for browser in browsers:
        problems += browser.problems()
        browser.quit()
    assert not problems, "console errors or CSP violations:\n" + "\n".join(problems)
