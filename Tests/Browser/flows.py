"""Steps a person takes in the web client, shared by the tests (ids and data- attributes from
Templates/, words from Site/copy)."""

from __future__ import annotations

import itertools
import time
from datetime import datetime, timedelta

from support import Browser, copy

_counter = itertools.count(1)


def unique_username(stem: str) -> str:
    return f"{stem}{int(time.time() * 1000) % 10_000_000}{next(_counter)}"


def in_app(browser: Browser) -> bool:
    return browser.path == "/app/" and browser.visible("#accounts .account")


def wait_for_app(browser: Browser, timeout: float = 20) -> None:
    browser.wait(lambda: in_app(browser), "the app with its accounts", timeout)
    # Passkeys and recent transfers load beside the accounts.
    browser.wait(lambda: browser.visible("#passkeys .passkey"), "the passkey list", timeout)


def sign_up(browser: Browser, username: str, display_name: str, *, shots: str | None = None) -> None:
    """/signup/ on this device, then "Not now, go to my accounts"."""
    browser.get("/signup/")
    browser.fill("#signup-username", username)
    browser.fill("#signup-display-name", display_name)
    if shots:
        browser.shot(f"{shots}-a-signup-form", "Sign-up form filled in: username, name, 'On this device' chosen")
    browser.click("#signup-form button[type=submit]")
    browser.wait(lambda: browser.visible("#signup-created"), "the 'account is open' panel")
    if shots:
        browser.shot(f"{shots}-b-signup-created", "Account open: passkey saved, offer to add a security key too")
    browser.click("#signup-created [data-continue]")
    wait_for_app(browser)


def acrs(server, username: str, kind: str) -> list[str]:
    """The acr of each audit event of this kind for this person, newest first (`passbank audit`)."""
    return [event["detail"].get("acr") for event in server.audit(username) if event["kind"] == kind]


def passkey_ids(server, username: str) -> list[str]:
    """The ids of the passkeys added to this person's account (`passbank audit`)."""
    return [event["detail"]["passkey"] for event in server.audit(username) if event["kind"] == "passkey-added"]


def balances(browser: Browser) -> dict[str, str]:
    names = browser.texts("#accounts .account [data-name]")
    amounts = browser.texts("#accounts .account [data-balance]")
    return dict(zip(names, amounts))


def start_transfer(browser: Browser, to: str, amount: str, reference: str = "") -> None:
    """Fills in Move money and continues to the confirmation."""
    if browser.visible("#transfer-confirm"):
        browser.click("#transfer-confirm [data-change]")
    browser.select("#transfer-to", to)
    browser.fill("#transfer-amount", amount)
    browser.fill("#transfer-reference", reference)
    browser.click("#transfer-form button[type=submit]")
    browser.wait(lambda: browser.visible("#transfer-confirm"), "the transfer confirmation")


def recent_transfers(browser: Browser) -> list[str]:
    return browser.texts("#transfers [data-section=recent] .item")


def passkey_cards(browser: Browser) -> list[dict]:
    """Each passkey in the list: its title and its facts (provider, kind, dates, step-up mark)."""
    return browser.js(
        "const clean = (e) => e.textContent.replace(/\\s+/g, ' ').trim();"
        "return [...document.querySelectorAll('#passkeys .passkey')].map(card => ({"
        " title: clean(card.querySelector('[data-name]')),"
        " facts: [...card.querySelectorAll('[data-facts] li')].map(clean)}))"
    )


def key_card_index(browser: Browser) -> int:
    """Position of the (one) passkey on a security key in the list."""
    cards = passkey_cards(browser)
    found = [i for i, card in enumerate(cards) if copy("app.passkey_on_key") in card["facts"]]
    assert len(found) == 1, cards
    return found[0]


def wait_status(browser: Browser, expected: str, timeout: float = 20) -> None:
    browser.wait(lambda: browser.status() == expected, f"status {expected!r}", timeout)


def wait_for_step_up_page(browser: Browser, reason_key: str) -> None:
    browser.wait(lambda: browser.path == "/step-up/", "the step-up page")
    browser.wait(lambda: browser.text("[data-step-up-reason]") == copy(reason_key), f"the reason {reason_key}")


def assert_about_a_day_from_now(when: str) -> None:
    """`when` as the page formats it (Intl, dateStyle medium + timeStyle short, English): 24 h ahead."""
    normalized = " ".join(when.replace("\u202f", " ").split())
    moment = datetime.strptime(normalized, "%b %d, %Y, %I:%M %p")
    expected = datetime.now() + timedelta(hours=24)
    assert abs(moment - expected) < timedelta(minutes=3), f"{when!r} is not about 24 h from now ({expected})"
