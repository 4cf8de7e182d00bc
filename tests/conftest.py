"""Fixtures shared by every test folder that drives a real browser (tests/browser, tests/deploy),
and the order the suite runs in.

One Playwright instance per test session: two sync Playwright instances cannot run at once in
one process, so the browser lives here, above both folders. Under pytest-xdist (the README's
test command runs ``-n auto --dist loadscope --no-loadscope-reorder``, with the scopes of
``_scope`` below) a session is one worker:
each worker has its own browser, its own Streamlit server (tests/browser/conftest.py) and its
own Redis (tests/live/conftest.py), each on a free port with a temporary folder of its own.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import tutor  # noqa: F401  (before NumPy: it caps BLAS at one thread)
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _require_chromium

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from bpcore import Network
    from bpcore.sgd import Curves

_TESTS = Path(__file__).resolve().parent
# The folders whose test files take longest run first: with ``--dist loadscope`` each worker takes
# the next scope when it is done, so the long browser and server files start at once and the
# many short unit-test files fill in at the end, instead of one long file finishing alone.
# (``--no-loadscope-reorder`` keeps this order: xdist would otherwise send the files with the
# most tests first, and the browser files, few tests but long ones, would all come last.)
LONGEST_FIRST = ("browser", "deploy", "live", "app")


# Browser test files that run last, in a second browser scope: the worker that has run every
# unit-test file takes them (with a browser and a server of its own) while the other still
# drives the first browser scope. With one browser scope, that worker idled for the last third
# of the run (load 1.0 on 2 cores). Sized so that both workers end together: summed durations
# of a full run (tests/browser ~1,640 s, the rest ~660 s) less the merged page loads of the
# builder, own-data, one-screen, graph and pages tests; test_practice_mode (~100 s) moved to
# the first scope when those merges shortened it, or this worker would finish ~180 s after it.
# test_accessibility (~100 s) moved here when the page tests stopped paying Streamlit's
# component scan per AppTest: the rest then ended at 521 s, this scope at 950 s and the first
# browser scope at 1,135 s (a full run of 4c88f06). When the first scope's page loads were folded
# (one-screen, pseudo-locale, SVG, builder, digits) it ended at 795 s and this one at 902 s
# (80ecf20): test_pages (~30 s) and test_pool_sessions (~22 s) moved to the first scope. When
# the preset, practice and graph tests opened their states in one tab, the first scope ended
# at 674 s and this one at 614 s (a full run of 05ad12d): test_pages (~33 s) moved back here.
# When closed panels stopped drawing their code and the test browser asked for reduced motion,
# the first scope ended at 800 s and this one at 901 s (a full run of 12f71b0):
# test_graph_page (~56 s) moved to the first scope.
BROWSER_LAST = frozenset(f"tests/browser/{name}.py" for name in (
    "test_net_presets", "test_bughunt", "test_accessibility", "test_pages"))


def _rank(item: pytest.Item) -> int:
    path = Path(item.path).resolve()
    parts = path.relative_to(_TESTS).parts if _TESTS in path.parents else ()
    if "/".join(("tests", *parts)) in BROWSER_LAST:
        return len(LONGEST_FIRST) + 1
    folder = parts[0] if len(parts) > 1 else ""
    return LONGEST_FIRST.index(folder) if folder in LONGEST_FIRST else len(LONGEST_FIRST)


# Test files that read one session fixture of a long computation (``seed004_subset``) run on
# one worker, so that it is computed once.
SHARED_SCOPES = {
    "tests/bpcore/test_drawing.py": "mnist-subset",
    "tests/bpcore/test_mnist_subset.py": "mnist-subset",
}


def _scope(nodeid: str) -> str:
    """The unit of work a worker takes (pytest-xdist): the browser tests in two, one first (one
    worker drives Chromium and its Streamlit server while the other runs the rest: two browsers
    at once on the 2 cores took as long and timed each other out) and BROWSER_LAST last (taken
    by the worker that is done with the rest), the files of SHARED_SCOPES together, every other
    test file its own (its module fixtures start once). Node ids are relative to the checkout:
    ``tests/browser/test_x.py::test_y``."""
    path = nodeid.split("::", 1)[0]
    if path in BROWSER_LAST:
        return "tests/browser-last"
    if path.startswith("tests/browser/"):
        return "tests/browser"
    return SHARED_SCOPES.get(path, path)


def _scan_components_once() -> None:
    """Streamlit's component scan, run once per test process instead of once per AppTest.

    Every new AppTest's first run builds a component registry by reading the metadata of every
    installed distribution (streamlit.components.v2.manifest_scanner, 87 packages here:
    0.2-0.8 s, most of a page test's first run, where the page itself takes under 0.1 s). The
    installed packages do not change while the tests run, so the scan's answer is kept and
    handed out again (a fresh list each time; the registry is still built anew per AppTest).
    A served app (``streamlit run``, the browser and deploy tests) scans once at start anyway.
    """
    from streamlit.components.v2 import manifest_scanner

    scan = manifest_scanner.scan_component_manifests
    once = functools.cache(lambda: tuple(scan()))

    def scanned(max_workers: int | None = None) -> list[tuple[Any, Any]]:
        return list(once())

    manifest_scanner.scan_component_manifests = scanned


class RerunReasons:
    """Why each rerun test failed the first time, said in the closing summary.

    pytest-rerunfailures names a rerun test (``-rR``) but not its failure, so a flake seen in a
    full run could not be told apart from a slow machine. Under xdist the workers' reports
    reach this plugin in the controller, which prints the section."""

    SHOWN_CHARS = 800  # of each failure's message: its assertion or timeout, not the page

    def __init__(self) -> None:
        self.reasons: list[tuple[str, str]] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.outcome != "rerun":
            return
        crash = getattr(report.longrepr, "reprcrash", None)
        text = crash.message if crash is not None else report.longreprtext
        # Where in the tests it failed: the failure's own frame is Playwright's.
        entries = getattr(getattr(report.longrepr, "reprtraceback", None), "reprentries", ())
        lines = [f"{loc.path}:{loc.lineno}" for entry in entries
                 if (loc := getattr(entry, "reprfileloc", None)) is not None
                 and "tests/" in str(loc.path)]
        where = f"at {' > '.join(lines)}\n" if lines else ""
        self.reasons.append((report.nodeid, where + text[: self.SHOWN_CHARS]))

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.reasons:
            return
        terminalreporter.section("why a test was rerun")
        for nodeid, text in self.reasons:
            terminalreporter.write_line(f"{nodeid}:\n    " + text.replace("\n", "\n    "))


def pytest_configure(config: pytest.Config) -> None:
    _scan_components_once()
    config.pluginmanager.register(RerunReasons(), "rerun-reasons")


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: absent without it
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """xdist's load-scope scheduler with this suite's scopes (``_scope``)."""
    from xdist.scheduler import LoadScopeScheduling

    class SuiteScopes(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _scope(nodeid)

    return SuiteScopes(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the slow folders first (a stable sort: the order within a folder is kept)."""
    items.sort(key=_rank)


@pytest.fixture(scope="session")
def seed004_subset() -> tuple[Network, Curves]:
    """Seed 004's recipe (128 hidden, η 0.1, 20 epochs, batch 64, seed 0) trained on the
    bundled MNIST subset: computed once per worker for every test that reads it."""
    from tutor.serving import jobs

    return jobs.subset_training((128, 0.1, 20, 64, 0), lambda _: None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium driven by Playwright (no Playwright-downloaded browser)."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
