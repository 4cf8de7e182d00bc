"""The test browser runs with Playwright's own switches and without the address-bar popup.

Chromium keeps only the last ``--disable-features`` switch, so CHROMIUM_ARGS repeats Playwright's
list before adding NO_ADDRESS_BAR_POPUP. A Playwright upgrade that disables one more feature
would otherwise lose it silently; these checks read what the running browser was given.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from tests.browser.conftest import NO_ADDRESS_BAR_POPUP

if TYPE_CHECKING:
    from playwright.sync_api import Browser

_FEATURES = "--disable-features="


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # the process ended while we looked
                continue
            if int(stat[stat.rfind(")") + 2:].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _browser_command_line() -> list[str]:
    """The command line of this process's Chromium (pytest → Playwright's driver → Chromium)."""
    for driver in _children(os.getpid()):
        for child in _children(driver):
            args = Path(f"/proc/{child}/cmdline").read_text().split("\0")
            if any(arg.startswith(_FEATURES) for arg in args):
                return args
    raise AssertionError("no Chromium started by this test process")


def test_the_browsers_last_disable_features_switch_keeps_every_feature_playwright_disables(
        browser: Browser) -> None:
    switches = [arg[len(_FEATURES):].split(",") for arg in _browser_command_line()
                if arg.startswith(_FEATURES)]
    assert len(switches) >= 2, "Playwright's own switch and ours"
    in_effect = set(switches[-1])
    dropped = {name for earlier in switches[:-1] for name in earlier} - in_effect
    assert not dropped, f"add Playwright's {sorted(dropped)} to PLAYWRIGHT_DISABLED_FEATURES"
    assert set(NO_ADDRESS_BAR_POPUP) <= in_effect


def test_a_new_page_gets_no_address_bar_popup_of_its_own(browser: Browser) -> None:
    context = browser.new_context()
    try:
        context.new_page().set_content("<p>one</p>")
        context.new_page().set_content("<p>two</p>")
        session = browser.new_browser_cdp_session()
        urls = [target["url"] for target in session.send("Target.getTargets")["targetInfos"]]
        session.detach()
    finally:
        context.close()
    assert sum(url.startswith("about:blank") for url in urls) >= 2, urls
    assert not [url for url in urls if "omnibox" in url], urls
