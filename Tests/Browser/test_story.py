"""The whole story in a real browser (issue 7): sign-up, autofill sign-in, transfers, step-up with a
security key, passkey management, welcome back, the password upsell, and the error paths."""

from __future__ import annotations

import flows
from flows import unique_username
from conftest import ANCHOR_NAME
from support import PLATFORM_AUTHENTICATOR, SECURITY_KEY, copy, copy_pattern, money


def test_signup_autofill_sign_in_and_small_transfer(server, open_browser):
    """Steps 1-3: sign-up with a synced-like platform passkey (phr), sign out, autofill sign-in, 50.00."""
    browser = open_browser(server)
    platform = browser.add_authenticator(PLATFORM_AUTHENTICATOR)
    username = unique_username("alice")
    flows.sign_up(browser, username, "Alice Example", shots="step1")

    assert browser.text("[data-greeting]") == copy("app.greeting", name="Alice Example")
    assert flows.balances(browser) == {"Everyday": money("5,000.00"), "Savings": money("10,000.00")}
    credential = browser.credentials(platform)[0]
    assert credential["isResidentCredential"] and credential["backupEligibility"] and credential["backupState"]
    cards = flows.passkey_cards(browser)
    assert len(cards) == 1, cards
    assert copy("app.passkey_on_devices") in cards[0]["facts"] and copy("app.passkey_step_up_no") in cards[0]["facts"]
    assert flows.acrs(server, username, "sign-up") == ["phr"]
    browser.shot("step1-c-app-signed-up", "The app right after sign-up: greeting, demo balances, one synced passkey (phr)")
    assert not browser.axe("app"), "axe: serious or critical violations on /app/"

    # Step 2: sign out, then the sign-in page's autofill (conditional mediation) signs in.
    browser.click("[data-sign-out]")
    browser.wait(lambda: browser.path == "/welcome-back/", "welcome back after signing out")
    browser.get("/signin/")
    assert browser.js("return document.getElementById('signin-username').autocomplete") == "username webauthn"
    flows.wait_for_app(browser)
    browser.collect()
    # Nothing was clicked: the only get() on /signin/ was the autofill one.
    assert [g["mediation"] for g in browser.gets if g["page"] == "/signin/"] == ["conditional"], browser.gets
    assert flows.acrs(server, username, "sign-in") == ["phr"]
    browser.shot("step2-app-after-autofill-sign-in", "Back in the app after signing out and the autofill sign-in")

    # Step 3: 50.00 from Everyday to Savings, no step-up.
    flows.start_transfer(browser, "Savings", "50", "Lunch")
    assert browser.text("[data-confirm-summary]") == copy("app.transfer_confirm_summary", amount=money("50.00"), to="Savings")
    assert not browser.visible("[data-confirm-step-up]")
    browser.shot("step3-a-transfer-confirm", "Check your transfer: 50.00 EUR to Savings, no security key needed")
    browser.click("#transfer-confirm [data-confirm]")
    done = copy("app.transfer_sent", amount=money("50.00"), to="Savings")
    browser.wait(lambda: browser.text("[data-transfer-done]") == done, "the transfer done message")
    browser.wait(lambda: flows.balances(browser) == {"Everyday": money("4,950.00"), "Savings": money("10,050.00")}, "new balances")
    assert browser.path == "/app/"
    browser.shot("step3-b-transfer-done", "50.00 EUR sent: confirmation, new balances, the transfer in Recent transfers")


def large_transfer_to_step_up(browser, server, username: str, shots: str | None) -> None:
    """Signs up on this device, then asks for 2,500.00: the confirmation warns, the API answers step-up,
    and the page goes to "Let's make sure it's you"; with no security key it says so and offers one."""
    browser.add_authenticator(PLATFORM_AUTHENTICATOR)
    flows.sign_up(browser, username, "Bob Example")
    flows.start_transfer(browser, "Savings", "2500", "Big one")
    assert browser.text("[data-confirm-summary]") == copy(
        "app.transfer_confirm_summary", amount=money("2,500.00"), to="Savings"
    )
    assert browser.text("[data-confirm-step-up]") == copy("app.transfer_confirm_step_up")
    if shots:
        browser.shot(f"{shots}-a-large-transfer-confirm", "Check your transfer: 2,500.00 EUR, warns that the security key will be asked for")
    # The API refuses the transfer for want of phrh (RFC 9470), on purpose.
    browser.allow_failed_request("/api/transfers", 401)
    browser.click("#transfer-confirm [data-confirm]")
    flows.wait_for_step_up_page(browser, "stepup.reason_transfer")
    if shots:
        browser.shot(f"{shots}-b-step-up-page", "Step-up page: 'Let's make sure it's you', reason: a large transfer")
    # No security key on the account yet: the server refuses the options, the page says so.
    browser.allow_failed_request("/webauthn/authentication/options", 403)
    browser.click("#step-up-actions [data-use-key]")
    flows.wait_status(browser, copy("stepup.no_high_assurance_key"))
    assert browser.visible("#step-up-no-key [data-add-key]")
    assert browser.text("#step-up-no-key-title") == copy("stepup.no_key_heading")
    if shots:
        browser.shot(f"{shots}-c-step-up-no-key", "Step-up without a security key: says none can confirm yet, offers to add one")


def test_large_transfer_step_up_with_new_security_key(server, open_browser):
    """Step 4 (--new-key-hold 0): step-up -> no key -> add a security key -> step-up with it -> the
    same transfer goes through exactly once."""
    browser = open_browser(server)
    username = unique_username("bob")
    large_transfer_to_step_up(browser, server, username, "step4")
    assert not browser.axe("step-up"), "axe: serious or critical violations on /step-up/"
    browser.add_authenticator(SECURITY_KEY)
    browser.click("#step-up-no-key [data-add-key]")
    flows.wait_for_app(browser, timeout=30)
    sent = copy("app.transfer_sent", amount=money("2,500.00"), to="Savings")
    browser.wait(lambda: (browser.status() or "").startswith(copy("stepup.done")), "the step-up outcome", 20)
    assert sent in browser.status()
    browser.wait(lambda: flows.balances(browser) == {"Everyday": money("2,500.00"), "Savings": money("12,500.00")}, "new balances")
    browser.shot("step4-d-large-transfer-done", "After the step-up with the new security key: the 2,500.00 EUR transfer went through once")
    item = copy("app.transfer_item", amount=money("2,500.00"), to="Savings")
    browser.wait(lambda: len(flows.recent_transfers(browser)) >= 1, "recent transfers")
    recent = flows.recent_transfers(browser)
    assert sum(1 for entry in recent if entry.startswith(item)) == 1, recent
    # Exactly once, also after a reload (which signs in again silently and lists the transfers anew).
    browser.get("/app/")
    flows.wait_for_app(browser)
    browser.wait(lambda: len(flows.recent_transfers(browser)) >= 1, "recent transfers")
    assert sum(1 for entry in flows.recent_transfers(browser) if entry.startswith(item)) == 1
    transfers = [e for e in server.audit(username) if e["kind"] == "transfer"]
    assert [e["detail"]["amount"] for e in transfers] == ["2500.00 EUR"], transfers
    assert flows.acrs(server, username, "step-up") == ["phrh"]


def test_large_transfer_held_new_key_does_not_count_yet(held_server, open_browser):
    """Step 4 with the default new-key hold: the key added from a phr session counts only later; the
    page says from when, and the transfer does not go through."""
    browser = open_browser(held_server)
    username = unique_username("hank")
    large_transfer_to_step_up(browser, held_server, username, None)
    browser.add_authenticator(SECURITY_KEY)
    browser.click("#step-up-no-key [data-add-key]")
    pending = copy_pattern("stepup.key_added_pending")
    browser.wait(lambda: pending.match(browser.status() or ""), "the key-added-on-hold message")
    assert browser.path == "/step-up/"
    # From when: the default hold, 24 h from now, in the browser's own date format.
    flows.assert_about_a_day_from_now(pending.match(browser.status())["when"])
    browser.shot("step4-hold-d-step-up-key-on-hold", "Security key added under the 24 h hold: the page says from when it counts")
    # Trying the key anyway: the server still has no key that counts, and says from when.
    browser.click("#step-up-actions [data-use-key]")
    key_pending = copy_pattern("stepup.key_pending")
    browser.wait(lambda: key_pending.match(browser.status() or ""), "the key-pending message")
    flows.assert_about_a_day_from_now(key_pending.match(browser.status())["when"])
    browser.shot("step4-hold-e-step-up-key-pending", "Using the held key anyway: 'Your security key counts from …', nothing sent")
    browser.click("#step-up-actions a[href='/app/']")
    flows.wait_for_app(browser)
    flows.wait_status(browser, copy("app.stepup_cancelled"))
    assert flows.balances(browser) == {"Everyday": money("5,000.00"), "Savings": money("10,000.00")}
    cards = flows.passkey_cards(browser)
    assert len(cards) == 2, cards
    key_facts = cards[flows.key_card_index(browser)]["facts"]
    on_hold = copy_pattern("app.passkey_step_up_pending")
    held = [on_hold.match(fact) for fact in key_facts if on_hold.match(fact)]
    assert len(held) == 1, key_facts
    flows.assert_about_a_day_from_now(held[0]["when"])
    assert copy("app.passkey_step_up_ready") not in key_facts
    browser.shot("step4-hold-f-app-after-held-step-up", "Back in the app: balances unchanged, the new key 'can confirm large transfers from …'")
    assert not [e for e in held_server.audit(username) if e["kind"] == "transfer"]


def test_passkey_management(server, open_browser):
    """Step 5: both passkeys listed with provider, kind and step-up marks; rename; removing the
    security key demands step-up."""
    browser = open_browser(server)
    browser.add_authenticator(PLATFORM_AUTHENTICATOR)
    username = unique_username("dora")
    flows.sign_up(browser, username, "Dora Example")
    browser.add_authenticator(SECURITY_KEY)
    browser.click("#passkeys [data-add-security-key]")
    flows.wait_status(browser, copy("app.security_key_added_now"))
    browser.wait(lambda: len(flows.passkey_cards(browser)) == 2, "two passkeys")
    cards = flows.passkey_cards(browser)
    key_index = flows.key_card_index(browser)
    key, device = cards[key_index], cards[1 - key_index]
    # An unnamed passkey is titled with its provider: the anchor's name for Chromium's AAGUID.
    assert key["title"] == ANCHOR_NAME, key
    assert copy("app.passkey_step_up_ready") in key["facts"], key
    assert copy("app.passkey_on_devices") in device["facts"] and copy("app.passkey_step_up_no") in device["facts"], device
    assert copy("app.passkey_never_used") in key["facts"], key
    browser.shot("step5-a-passkeys-listed", "Passkeys: a synced one 'on your devices' and the security key that can confirm large transfers")

    card = f"#passkeys .passkey:nth-child({key_index + 1})"
    browser.click(f"{card} [data-rename]")
    browser.fill(f"{card} [data-rename-input]", "Blue key")
    browser.shot("step5-b-passkey-rename", "Renaming the security key")
    browser.click(f"{card} [data-rename-form] button[type=submit]")
    flows.wait_status(browser, copy("app.passkey_renamed", name="Blue key"))
    browser.wait(lambda: flows.passkey_cards(browser)[flows.key_card_index(browser)]["title"] == "Blue key", "the new name")
    key_index = flows.key_card_index(browser)
    # Once named, the provider shows as a fact of its own.
    assert copy("app.passkey_provider", provider=ANCHOR_NAME) in flows.passkey_cards(browser)[key_index]["facts"]
    card = f"#passkeys .passkey:nth-child({key_index + 1})"
    browser.click(f"{card} [data-remove]")
    assert browser.text(f"{card} [data-remove-question]") == copy("app.passkey_remove_question", name="Blue key")
    browser.shot("step5-c-passkey-remove-question", "Removing the security key: the question before anything happens")
    for passkey_id in flows.passkey_ids(server, username):
        browser.allow_failed_request(f"/api/passkeys/{passkey_id}", 401)
    browser.click(f"{card} [data-remove-yes]")
    flows.wait_for_step_up_page(browser, "stepup.reason_remove_passkey")
    browser.shot("step5-d-remove-needs-step-up", "Removing a passkey asks for the security key first (step-up)")
    browser.click("#step-up-actions [data-use-key]")
    flows.wait_for_app(browser, timeout=30)
    browser.wait(lambda: len(flows.passkey_cards(browser)) == 1, "one passkey left")
    assert copy("app.passkey_on_devices") in flows.passkey_cards(browser)[0]["facts"]
    browser.shot("step5-e-passkey-removed", "After the step-up the security key is removed; the synced passkey remains")


def test_session_expiry_welcome_back(server, open_browser):
    """Step 6: the sign-in session ends -> /welcome-back/ -> "Sign in as"; "Use a different account"."""
    browser = open_browser(server)
    platform = browser.add_authenticator(PLATFORM_AUTHENTICATOR)
    username = unique_username("erin")
    flows.sign_up(browser, username, "Erin Example")
    # The provider's session cookie is gone, as when it expires; only the username hint stays.
    browser.driver.delete_all_cookies()
    browser.get("/app/")
    browser.wait(lambda: browser.path == "/welcome-back/" and browser.visible("#welcome-remembered"), "welcome back")
    assert browser.text("#welcome-remembered [data-sign-in-label]") == copy("welcome.sign_in_as", name=username)
    assert browser.text("#welcome-remembered [data-account-name]") == username
    browser.shot("step6-a-welcome-back", "Session ended: welcome back, 'Sign in as' the remembered account")
    assert not browser.axe("welcome-back"), "axe: serious or critical violations on /welcome-back/"
    browser.click("#welcome-form [data-passkey]")
    flows.wait_for_app(browser)
    assert flows.acrs(server, username, "sign-in") == ["phr"]

    browser.click("[data-sign-out]")
    browser.wait(lambda: browser.path == "/welcome-back/" and browser.visible("#welcome-remembered"), "welcome back")
    # Without a passkey on this device, the sign-in page waits for one instead of autofilling.
    browser.remove_authenticator(platform)
    browser.click("#welcome-remembered a[href='/signin/']")
    browser.wait(lambda: browser.path == "/signin/", "the sign-in page")
    browser.wait(lambda: browser.visible("#signin-username"), "the username field")
    browser.shot("step6-b-signin-different-account", "'Use a different account' leads to the sign-in page")
    assert not browser.axe("signin"), "axe: serious or critical violations on /signin/"


def test_password_sign_in_then_upsell(server, open_browser):
    """Step 7: a legacy password account signs in, is offered a passkey, and creates one on this device."""
    username = unique_username("fred")
    server.cli("users", "add", username, "--display-name", "Fred Legacy", stdin="correct horse battery\n")
    browser = open_browser(server)
    browser.add_authenticator(PLATFORM_AUTHENTICATOR)
    browser.get("/signup/")
    browser.wait(lambda: browser.visible("#signup-form"), "the sign-up form")
    assert not browser.axe("signup"), "axe: serious or critical violations on /signup/"
    browser.get("/signin/")
    browser.click("[data-other-way]")
    browser.wait(lambda: browser.visible("#signin-password-input"), "the password field")
    browser.fill("#signin-username", username)
    browser.fill("#signin-password-input", "correct horse battery")
    browser.shot("step7-a-password-sign-in", "Try another way: the legacy password form")
    browser.click("#signin-form button[value=password]")
    browser.wait(lambda: browser.path == "/passkey-upsell/", "the passkey upsell")
    browser.wait(lambda: browser.visible("[data-create-passkey]"), "the create-passkey button")
    browser.shot("step7-b-passkey-upsell", "After the password: 'Sign in faster with a passkey' on this device")
    assert not browser.axe("upsell"), "axe: serious or critical violations on /passkey-upsell/"
    browser.click("[data-create-passkey]")
    flows.wait_for_app(browser, timeout=30)
    cards = flows.passkey_cards(browser)
    assert len(cards) == 1 and copy("app.passkey_on_devices") in cards[0]["facts"], cards
    assert flows.acrs(server, username, "sign-in") == ["pwd"]
    browser.shot("step7-c-app-after-upsell", "In the app with the new passkey on this device")


def test_cancelled_prompt(server, open_browser):
    """The person cancels (user verification fails): the copy from Site/, and the page still works."""
    browser = open_browser(server)
    platform = browser.add_authenticator(PLATFORM_AUTHENTICATOR)
    browser.set_user_verified(platform, False)
    browser.get("/signup/")
    browser.fill("#signup-username", unique_username("cathy"))
    browser.fill("#signup-display-name", "Cathy Cancel")
    browser.click("#signup-form button[type=submit]")
    flows.wait_status(browser, copy("webauthn.not_allowed"))
    assert browser.credentials(platform) == []
    browser.shot("error-a-cancelled-prompt", "Sign-up prompt cancelled: the NotAllowedError copy, form still there")
    browser.set_user_verified(platform, True)
    browser.click("#signup-form button[type=submit]")
    browser.wait(lambda: browser.visible("#signup-created"), "the 'account is open' panel after trying again")


def test_already_registered_authenticator(server, open_browser):
    """Adding a passkey on an authenticator that already holds one: InvalidStateError copy."""
    browser = open_browser(server)
    browser.add_authenticator(PLATFORM_AUTHENTICATOR)
    flows.sign_up(browser, unique_username("ivan"), "Ivan Again")
    browser.click("#passkeys [data-add-passkey]")
    browser.wait(lambda: browser.visible("#passkeys-error"), "the passkeys error")
    assert browser.text("#passkeys-error") == copy("webauthn.invalid_state")
    browser.shot("error-b-already-registered", "Adding a passkey this device already holds: the InvalidStateError copy")
    # The page still works: a transfer goes through.
    flows.start_transfer(browser, "Savings", "10")
    browser.click("#transfer-confirm [data-confirm]")
    browser.wait(lambda: browser.text("[data-transfer-done]") == copy("app.transfer_sent", amount=money("10.00"), to="Savings"), "the transfer")


def test_network_failure_during_verify(server, open_browser):
    """The network fails during the sign-in verify: the network copy, and trying again works."""
    browser = open_browser(server)
    browser.add_authenticator(PLATFORM_AUTHENTICATOR)
    username = unique_username("nina")
    flows.sign_up(browser, username, "Nina Network")
    browser.click("[data-sign-out]")
    browser.wait(lambda: browser.path == "/welcome-back/" and browser.visible("#welcome-remembered"), "welcome back")
    browser.driver.execute_cdp_cmd("Network.enable", {})
    browser.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/webauthn/authentication/verify*"]})
    browser.allow_failed_request("/webauthn/authentication/verify", "net::ERR_BLOCKED_BY_CLIENT")
    browser.click("#welcome-form [data-passkey]")
    flows.wait_status(browser, copy("webauthn.network"))
    assert browser.path == "/welcome-back/"
    browser.shot("error-c-network-failure", "The network failed during the sign-in verify: the network copy, page still usable")
    browser.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    browser.click("#welcome-form [data-passkey]")
    flows.wait_for_app(browser)

    # The same while adding a security key in the app (the registration verify).
    browser.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/webauthn/registration/verify*"]})
    browser.allow_failed_request("/webauthn/registration/verify", "net::ERR_BLOCKED_BY_CLIENT")
    browser.add_authenticator(SECURITY_KEY)
    browser.click("#passkeys [data-add-security-key]")
    browser.wait(lambda: browser.visible("#passkeys-error"), "the passkeys error")
    assert browser.text("#passkeys-error") == copy("webauthn.network")
    assert len(flows.passkey_cards(browser)) == 1
    browser.shot("error-d-network-failure-adding-key", "The network failed while adding a security key: the network copy in Passkeys")
    browser.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    browser.click("#passkeys [data-add-security-key]")
    flows.wait_status(browser, copy("app.security_key_added_now"))
    browser.wait(lambda: len(flows.passkey_cards(browser)) == 2, "two passkeys")
    assert not browser.visible("#passkeys-error")


def test_step_up_prompt_cancelled_then_confirmed(server, open_browser):
    """Cancelling the security-key prompt on the step-up page: the copy from Site/, nothing sent, and
    confirming afterwards sends the transfer once."""
    browser = open_browser(server)
    browser.add_authenticator(PLATFORM_AUTHENTICATOR)
    username = unique_username("olga")
    flows.sign_up(browser, username, "Olga Example")
    key = browser.add_authenticator(SECURITY_KEY)
    browser.click("#passkeys [data-add-security-key]")
    flows.wait_status(browser, copy("app.security_key_added_now"))
    flows.start_transfer(browser, "Savings", "1,000.00")
    browser.allow_failed_request("/api/transfers", 401)
    browser.click("#transfer-confirm [data-confirm]")
    flows.wait_for_step_up_page(browser, "stepup.reason_transfer")
    browser.set_user_verified(key, False)
    browser.click("#step-up-actions [data-use-key]")
    flows.wait_status(browser, copy("webauthn.not_allowed"))
    assert browser.path == "/step-up/"
    browser.shot("error-e-step-up-cancelled", "The security-key prompt of the step-up was cancelled: the NotAllowedError copy")
    browser.set_user_verified(key, True)
    browser.click("#step-up-actions [data-use-key]")
    flows.wait_for_app(browser, timeout=30)
    browser.wait(lambda: (browser.status() or "").startswith(copy("stepup.done")), "the step-up outcome", 20)
    browser.wait(lambda: flows.balances(browser) == {"Everyday": money("4,000.00"), "Savings": money("11,000.00")}, "new balances")
    transfers = [e for e in server.audit(username) if e["kind"] == "transfer"]
    assert [e["detail"]["amount"] for e in transfers] == ["1000.00 EUR"], transfers
