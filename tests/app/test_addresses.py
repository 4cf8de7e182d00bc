"""Every address the app or the README names answers: its path is one of app.py's pages, the
page scripts the app switches to are in its navigation, and the query parameters it names are
ones the app reads, with values it accepts (AppTest opens those that carry a query)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.apptest import APP
from tutor.i18n import LANGUAGES, t
from tutor.lesson import state as lesson_state
from tutor.live import state as live_state
from tutor.stepping import network

ROOT = Path(APP).parent
APP_TEXT = Path(APP).read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
# url_path -> page script (or the function that opens one), as app.py gives them to st.Page.
PAGES = {url_path: script for script, url_path in re.findall(
    r'st\.Page\(\s*"?([\w/.]+)"?,(?:(?!st\.Page).)*?url_path="([^"]+)"', APP_TEXT, re.S)}
SCRIPTS = {script for script in PAGES.values() if script.endswith(".py")}
# The overview is the default page: Streamlit serves it at the root.
ROOT_SCRIPT = "app_pages/overview.py"
PARAMS = {"lang", network.URL_PARAM, lesson_state.LESSON_PARAM, live_state.JOIN_PARAM,
          live_state.ME_PARAM}
# An address in the README: a backticked one that starts with / or ?, or an http(s) URL.
_README_URL = re.compile(r"`(/[a-z][\w-]*(?:\?[^`\s]*)?|/\?[^`\s]*|\?[a-z]+=[^`\s]*)`"
                         r"|https?://[^\s`)]+")
_FILES = ("/data",)  # backticked paths in the README that are a container's folders


def readme_addresses() -> list[tuple[str, dict[str, str]]]:
    """Every address the README names: (its page path without the /, its query)."""
    found = []
    for match in _README_URL.finditer(README):
        url = match.group(1) or match.group(0)
        if url in _FILES:
            continue
        parts = urlsplit(url)
        if parts.scheme and parts.hostname not in ("localhost", "127.0.0.1"):
            continue
        found.append((parts.path.strip("/"), dict(parse_qsl(parts.query, keep_blank_values=True))))
    return found


def app_named_scripts() -> set[str]:
    """Every page script the app's code opens (a Way on / back, st.switch_page)."""
    named = set()
    for path in [*ROOT.glob("tutor/**/*.py"), *ROOT.glob("app_pages/*.py")]:
        named |= set(re.findall(r'"(app_pages/\w+\.py)"', path.read_text(encoding="utf-8")))
    return named


def test_app_py_names_every_page_once_and_each_script_exists() -> None:
    assert len(PAGES) >= 13 and "overview" in PAGES  # twelve pages and /overview
    for script in SCRIPTS:
        assert (ROOT / script).is_file(), script


def test_every_page_address_the_readme_names_is_a_page_of_the_app() -> None:
    addresses = readme_addresses()
    paths = {path for path, _ in addresses}
    assert {"", "overview", "forward", "network-builder", "digits"} <= paths  # found at all
    unknown = sorted(path for path in paths if path and path not in PAGES)
    assert unknown == [], f"the README names addresses that are no page: {unknown}"
    # ... and names every page, so a teacher can find each one's address
    # (the default page's own url_path, "home", is one Streamlit ignores: it is the root)
    assert {path for path, script in PAGES.items() if script != ROOT_SCRIPT} <= paths


def test_every_query_the_readme_names_is_read_by_the_app_with_a_value_it_accepts() -> None:
    queries = [query for _, query in readme_addresses() if query]
    assert any("lang" in q for q in queries) and any(network.URL_PARAM in q for q in queries)
    for query in queries:
        assert set(query) <= PARAMS, query
        lang = query.get("lang", "")
        if lang and lang not in ("…", "pseudo"):  # "…": a placeholder; pseudo: a test locale
            assert lang in LANGUAGES, query
        net = query.get(network.URL_PARAM, "")
        if net and net != "ID":
            assert net in network.CHOICES, query


def test_every_page_the_app_switches_to_is_in_its_navigation() -> None:
    named = app_named_scripts()
    assert "app_pages/backward.py" in named  # found at all
    assert named <= SCRIPTS, f"switched to but not a page: {sorted(named - SCRIPTS)}"


def test_the_stepping_and_own_input_pages_app_py_names_are_pages() -> None:
    own = re.search(r"OWN_INPUTS = \(([^)]*)\)", APP_TEXT)
    assert own is not None
    named = set(re.findall(r'"([\w-]+)"', own.group(1))) | set(network.STEPPING_PAGES)
    assert named <= set(PAGES), sorted(named - set(PAGES))


@pytest.mark.parametrize("address", sorted({
    (path, tuple(sorted(query.items()))) for path, query in readme_addresses()
    if query and not {lesson_state.LESSON_PARAM, live_state.JOIN_PARAM,
                      live_state.ME_PARAM} & set(query)}))
def test_each_readme_address_with_a_query_opens_its_page_with_it(
        address: tuple[str, tuple[tuple[str, str], ...]]) -> None:
    path, query = address
    params = {k: v for k, v in query if v not in ("", "ID", "…")}  # placeholders dropped
    script = PAGES[path] if path and PAGES[path].endswith(".py") else ROOT_SCRIPT
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if script != ROOT_SCRIPT:
        at.switch_page(script).run()
    lang = params.get("lang", "en") if params.get("lang") in LANGUAGES else "en"
    assert not at.exception
    assert at.title[0].value == t(f"page.{Path(script).stem}", lang)
    if network.URL_PARAM in params:  # the network the address names is the one in use
        assert at.session_state[network.NET_ID] == params[network.URL_PARAM]
        assert at.session_state[network.NET_ERROR] is None
