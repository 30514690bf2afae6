"""What the browser tests share: the copy from Site/copy, the passbank server, Chromium with CDP
virtual authenticators, console and CSP checks, screenshots and the axe scan.

Selectors are the pages' ids, data- attributes and labels (Templates/), never the JavaScript's
internals; every word compared comes from Site/copy/*.md.
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import requests
from selenium_axe_python import Axe
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

REPO_ROOT = Path(__file__).resolve().parents[2]
# Where Site/ and Templates/ come from (the server builds the site at start); the repository by default.
SOURCE_ROOT = Path(os.environ.get("PASSBANK_SOURCE_ROOT", REPO_ROOT))
CHROMIUM = os.environ.get("PASSBANK_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PASSBANK_CHROMEDRIVER", "/usr/bin/chromedriver")

DESKTOP = {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False}
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}


# ---------------------------------------------------------------------------------------------- copy


def load_copy(directory: Path = SOURCE_ROOT / "Site" / "copy") -> dict[str, str]:
    """Every `namespace.key` of Site/copy/<namespace>.md (the front matter's `copy:` map)."""
    strings: dict[str, str] = {}
    line_pattern = re.compile(r'^\s+([A-Za-z0-9_]+):\s*"((?:[^"\\]|\\.)*)"\s*$')
    for path in sorted(directory.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        front = text.split("---", 2)[1]
        for line in front.splitlines():
            match = line_pattern.match(line)
            if match:
                # YAML double-quoted scalars use JSON's escapes for everything these files hold.
                strings[f"{path.stem}.{match.group(1)}"] = json.loads(f'"{match.group(2)}"')
    return strings


COPY = load_copy()


def copy(key: str, **values: str) -> str:
    text = COPY[key]
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    assert "{" not in text or values == {}, f"copy {key} still has a placeholder: {text}"
    return text


def copy_pattern(key: str, **groups: str) -> re.Pattern[str]:
    """The copy as a regular expression, each {placeholder} matching anything (named group)."""
    parts = re.split(r"\{([a-z_]+)\}", COPY[key])
    pattern = ""
    for index, part in enumerate(parts):
        if index % 2 == 0:
            pattern += re.escape(part)
        else:
            pattern += f"(?P<{part}>{groups.get(part, '.+?')})"
    return re.compile("^" + pattern + "$")


def money(amount: str, currency: str = "EUR") -> str:
    return copy("app.money", amount=amount, currency=currency)


# -------------------------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """One `passbank serve` process on a free loopback port, with its own database and built site."""

    binary: str
    work: Path
    extra: list[str] = field(default_factory=list)
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def origin(self) -> str:
        return f"http://localhost:{self.port}"

    @property
    def database(self) -> Path:
        return self.work / "passbank.sqlite"

    @property
    def log_path(self) -> Path:
        return self.work / "server.log"

    def start(self) -> "Server":
        self.work.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        command = [
            self.binary, "serve",
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--origin", self.origin,
            "--database", str(self.database),
            "--public", str(self.work / "public"),
            "--site", str(SOURCE_ROOT / "Site"),
            "--templates", str(SOURCE_ROOT / "Templates"),
            "--ceremony-lifetime", "30s",
            # One browser on one address drives every test; the limits are tested in PassbankServerTests.
            "--rate-limit-ip", "100000/1m",
            "--rate-limit-account", "100000/1m",
            "--log-level", "warning",
            *self.extra,
        ]  # fmt: skip
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=self.work)
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"passbank exited with {self.process.returncode}:\n{self.log()}")
            try:
                if requests.get(f"{self.origin}/healthz", timeout=2).status_code == 200:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"passbank did not become healthy:\n{self.log()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else "(no log)"

    def cli(self, *arguments: str, stdin: str | None = None) -> str:
        """Runs another passbank command on this server's database (users, audit)."""
        result = subprocess.run(
            [self.binary, *arguments, "--database", str(self.database)],
            input=stdin, capture_output=True, text=True, timeout=30,
        )  # fmt: skip
        assert result.returncode == 0, f"passbank {' '.join(arguments)}: {result.stderr}"
        return result.stdout

    def audit(self, username: str) -> list[dict]:
        output = self.cli("audit", "--user", username, "--json", "--limit", "1000")
        return [json.loads(line) for line in output.splitlines() if line.strip()]


# ------------------------------------------------------------------------------------------- browser

# Injected into every document before its own scripts (Page.addScriptToEvaluateOnNewDocument):
# records CSP violations and the mediation of each navigator.credentials.get() in sessionStorage, so
# that they survive the page's navigations within the origin.
RECORDER = r"""
(() => {
  const keep = (key, entry) => {
    try {
      const list = JSON.parse(sessionStorage.getItem(key) || "[]");
      list.push(entry);
      sessionStorage.setItem(key, JSON.stringify(list));
    } catch (e) {}
  };
  document.addEventListener("securitypolicyviolation", (e) => {
    keep("test.cspViolations", {page: location.href, directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample});
  }, true);
  if (navigator.credentials && navigator.credentials.get) {
    const get = navigator.credentials.get.bind(navigator.credentials);
    navigator.credentials.get = (options) => {
      keep("test.credentialGets", {page: location.pathname, mediation: (options && options.mediation) || "optional"});
      return get(options);
    };
  }
})();
"""

PLATFORM_AUTHENTICATOR = {
    # Synced-like platform passkey (BROWSER-TESTING.md): backup eligible and backed up.
    "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
    "isUserVerified": True, "automaticPresenceSimulation": True,
    "defaultBackupEligibility": True, "defaultBackupState": True,
}  # fmt: skip
SECURITY_KEY = {
    # Device-bound security key: BE stays false; packed attestation with Chromium's batch certificate.
    "protocol": "ctap2", "transport": "usb", "hasResidentKey": True, "hasUserVerification": True,
    "isUserVerified": True, "automaticPresenceSimulation": True,
}  # fmt: skip


def new_driver() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800",
        "--disable-gpu", "--no-first-run", "--disable-search-engine-choice-screen",
    ):  # fmt: skip
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_script_timeout(30)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
    driver.execute_cdp_cmd("WebAuthn.enable", {"enableUI": False})
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", DESKTOP)
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]}
    )
    return driver


class Browser:
    """A Chromium driven over WebDriver, with checks on its console and CSP at the end of a test."""

    def __init__(self, server: Server, shots: "Screenshots"):
        self.server = server
        self.shots = shots
        self.driver = new_driver()
        self.console: list[dict] = []
        self.allowed: list[re.Pattern[str]] = []
        self.csp: list[dict] = []
        self.gets: list[dict] = []

    # --- virtual authenticators
    def add_authenticator(self, options: dict) -> str:
        return self.driver.execute_cdp_cmd("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]

    def remove_authenticator(self, authenticator_id: str) -> None:
        self.driver.execute_cdp_cmd("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": authenticator_id})

    def credentials(self, authenticator_id: str) -> list[dict]:
        return self.driver.execute_cdp_cmd("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})[
            "credentials"
        ]

    def set_user_verified(self, authenticator_id: str, verified: bool) -> None:
        self.driver.execute_cdp_cmd(
            "WebAuthn.setUserVerified", {"authenticatorId": authenticator_id, "isUserVerified": verified}
        )

    # --- navigation and reading
    def url(self, path: str) -> str:
        return self.server.origin + path

    def get(self, path: str) -> None:
        self.collect()
        self.driver.get(self.url(path))

    @property
    def path(self) -> str:
        return self.driver.execute_script("return location.pathname")

    def wait(self, predicate: Callable[[], object], what: str, timeout: float = 15) -> object:
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(lambda _: predicate())
        except TimeoutException:
            raise AssertionError(
                f"timed out waiting for {what}; at {self.driver.current_url}; status: {self.status()!r}"
            ) from None

    def js(self, script: str, *args: object) -> object:
        return self.driver.execute_script(script, *args)

    def text(self, css: str) -> str | None:
        return self.js(
            "const e = document.querySelector(arguments[0]);"
            "return e ? e.textContent.replace(/\\s+/g, ' ').trim() : null",
            css,
        )

    def texts(self, css: str) -> list[str]:
        return self.js(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.replace(/\\s+/g, ' ').trim())",
            css,
        )

    def visible(self, css: str) -> bool:
        """Present, not inside a [hidden] element, and rendered."""
        return self.js(
            "const e = document.querySelector(arguments[0]);"
            "return !!e && !e.closest('[hidden]') && e.getClientRects().length > 0",
            css,
        )

    def status(self) -> str | None:
        try:
            return self.text("[data-status]")
        except Exception:
            return None

    def click(self, css: str) -> None:
        element = self.driver.find_element(By.CSS_SELECTOR, css)
        self.js("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def fill(self, css: str, value: str) -> None:
        element = self.driver.find_element(By.CSS_SELECTOR, css)
        element.clear()
        element.send_keys(value)

    def select(self, css: str, visible_text: str) -> None:
        Select(self.driver.find_element(By.CSS_SELECTOR, css)).select_by_visible_text(visible_text)

    def focused(self) -> str:
        return self.js("const e = document.activeElement; return e ? (e.id || e.tagName) : ''")

    # --- checks
    def allow_failed_request(self, path: str, status: int | str) -> None:
        """Allows exactly one kind of console line: Chromium's report of this URL answered with this
        status (a refusal the test provokes on purpose). `status` may be a net:: error name."""
        url = re.escape(self.url(path))
        if isinstance(status, int):
            line = rf"{url} - Failed to load resource: the server responded with a status of {status} \([A-Za-z ]+\)"
        else:
            line = rf"{url} - Failed to load resource: {re.escape(status)}"
        self.allowed.append(re.compile("^" + line + "$"))

    def collect(self) -> None:
        """Reads the console and the recorders (before they are lost with the document)."""
        try:
            self.console.extend(self.driver.get_log("browser"))
            data = self.js(
                "try { const r = [sessionStorage.getItem('test.cspViolations'), sessionStorage.getItem('test.credentialGets')];"
                " sessionStorage.removeItem('test.cspViolations'); sessionStorage.removeItem('test.credentialGets'); return r; }"
                " catch (e) { return [null, null]; }"
            )
        except Exception:
            return
        if data:
            self.csp.extend(json.loads(data[0] or "[]"))
            self.gets.extend(json.loads(data[1] or "[]"))

    def problems(self) -> list[str]:
        self.collect()
        if os.environ.get("PASSBANK_BROWSER_CONSOLE"):
            for entry in self.console:
                print(f"console {entry['level']}: {entry['message']}")
        found = []
        for entry in self.console:
            if entry["level"] != "SEVERE" and "Content Security Policy" not in entry["message"]:
                continue
            if any(pattern.match(entry["message"]) for pattern in self.allowed):
                continue
            found.append(f"console {entry['level']}: {entry['message']}")
        found += [f"CSP violation: {violation}" for violation in self.csp]
        return found

    # --- screenshots and accessibility
    def shot(self, name: str, description: str) -> None:
        self.shots.take(self, name, description)

    def axe(self, state: str) -> list[dict]:
        """axe-core on the current document; answers the serious and critical violations."""
        axe = Axe(self.driver)
        axe.inject()
        results = axe.run()
        violations = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        self.shots.axe_results[state] = {
            "url": self.driver.current_url,
            "passes": len(results["passes"]),
            "violations": [(v["id"], v["impact"], len(v["nodes"])) for v in results["violations"]],
            "incomplete": len(results["incomplete"]),
        }
        return violations

    def quit(self) -> None:
        try:
            self.driver.quit()
        except Exception:
            pass


class Screenshots:
    """Full-page screenshots at desktop and phone widths under screenshots/, listed in INDEX.md."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.entries: list[tuple[str, str]] = []
        self.axe_results: dict[str, dict] = {}
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.glob("*.png"):
            old.unlink()

    def take(self, browser: Browser, name: str, description: str) -> None:
        driver = browser.driver
        for label, metrics in (("desktop", DESKTOP), ("phone", PHONE)):
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
            time.sleep(0.15)
            size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
            data = driver.execute_cdp_cmd(
                "Page.captureScreenshot",
                {
                    "format": "png",
                    "captureBeyondViewport": True,
                    "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
                },
            )["data"]
            filename = f"{name}-{label}.png"
            (self.directory / filename).write_bytes(base64.b64decode(data))
            width = metrics["width"]
            self.entries.append((filename, f"{description} ({label}, {width} px wide)"))
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", DESKTOP)

    def write_index(self) -> None:
        lines = [
            "# Browser suite screenshots",
            "",
            "Written by `scripts/browser-tests.sh` (Tests/Browser): every step of the story in headless",
            "Chromium at desktop (1280 px) and phone (390 px) widths, full page.",
            "",
        ]
        lines += [f"- `{filename}`: {description}" for filename, description in sorted(self.entries)]
        if self.axe_results:
            lines += ["", "## axe-core scans", ""]
            for state, result in sorted(self.axe_results.items()):
                violations = ", ".join(f"{rule} ({impact}, {nodes})" for rule, impact, nodes in result["violations"])
                lines.append(
                    f"- {state}: {result['passes']} rules pass, violations: {violations or 'none'}"
                    f", {result['incomplete']} need review"
                )
        (self.directory / "INDEX.md").write_text("\n".join(lines) + "\n")
