"""Every text is bounded before a parser sees it, and every regex in the code is linear.

The regexes are found, not listed: every compiled pattern a module of bpcore or tutor holds
at module level (also inside a tuple, list or dict), and every ``re.<function>("literal", …)``
call in their source. A new pattern cannot escape the test. Each is run on adversarial
strings of 100,000 and 400,000 characters (runs of spaces, digits, ×, braces, backslashes, the
quadratic shape of the old ``_TIMES_TEN``: "1", spaces, "1"); a linear pattern takes about four
times as long on the longer text, a quadratic one sixteen times. A cheap ladder (2,000 and
8,000 characters) runs first, so a quadratic pattern fails in a second rather than hanging.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import bpcore
import bpcore.errors as errors
import tutor
from bpcore.errors import MAX_NUMBER_CHARS, CodedError, parse_number

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (bpcore, tutor)
LINEAR_RATIO = 9.0  # 4× the text: linear ≈ 4, quadratic ≈ 16; generous for a busy machine
# Below this on the longer text, a ratio is the machine's noise, not growth: on a loaded
# 2-core machine a linear search of 400,000 characters took 2–100 ms (ratios up to 40 from
# cache and scheduling), while a quadratic pattern takes minutes there (0.4 s already at
# 8,000 characters: the old _TIMES_TEN, svg.texts_in's (.*?) before they were bounded).
NOISE_S = 1.0
SMALL_S = 0.2  # the cheap step: 8,000 characters, linear ≤ 20 ms loaded, quadratic ≥ 0.4 s
# (shorter, longer) text: a cheap step that stops a quadratic pattern within a second, then
# 50,000 against 200,000 characters (both past the CPU's caches: between 25,000 and 50,000
# a linear scan's time jumps by several times as the text leaves them; a quadratic pattern
# takes seconds at 200,000).
LADDER = ((2_000, 8_000), (50_000, 200_000))


def _modules() -> Iterator[str]:
    for package in PACKAGES:
        yield package.__name__
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            yield info.name


def _patterns_in(value: object, depth: int = 0) -> Iterator[re.Pattern[str]]:
    if isinstance(value, re.Pattern):
        yield value
    elif depth < 3 and isinstance(value, (tuple, list)):
        for item in value:
            yield from _patterns_in(item, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item, depth + 1)


def _literal_calls(source: str) -> Iterator[tuple[str, int]]:
    """(pattern, flags) of every re.<fn>("literal", …) call in ``source``."""
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.args and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)):
            flags = 0
            for arg in [*node.args[1:], *(k.value for k in node.keywords)]:
                if isinstance(arg, ast.Attribute) and arg.attr in ("S", "DOTALL", "M",
                                                                   "MULTILINE", "I"):
                    flags |= getattr(re, arg.attr)
            yield node.args[0].value, flags


def discovered() -> dict[str, re.Pattern[str]]:
    """Every regex of bpcore and tutor, named by where it was found."""
    found: dict[str, re.Pattern[str]] = {}
    for name in _modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            for k, pattern in enumerate(_patterns_in(value)):
                found.setdefault(f"{name}.{attr}[{k}]", pattern)
        path = Path(module.__file__ or "")
        if path.suffix == ".py":
            for k, (text, flags) in enumerate(_literal_calls(path.read_text(encoding="utf-8"))):
                found.setdefault(f"{name}:literal[{k}]", re.compile(text, flags))
    return found


PATTERNS = discovered()


def test_the_discovery_finds_the_patterns_it_must():
    sources = {p.pattern for p in PATTERNS.values()}
    assert errors._EXPONENT.pattern in sources  # a module-level pattern
    assert r"([a-z])(\d)" in sources  # a literal inside a call (tutor.stepping.netview)
    assert len(PATTERNS) >= 10


def shapes(n: int) -> dict[str, str]:
    """Adversarial texts of about ``n`` characters."""
    tag = '<tspan x="" dy="">'
    return {
        "spaces": " " * n, "digits": "1" * n, "times": "×" * n,
        "one-spaces-one": "1" + " " * n + "1",
        "spaced-times": "1" + " " * n + "×" + " " * n + "10", "open-braces": "{" * n,
        "exponent-braces": "1×10^" + "{" * n, "digit-space": "1 " * (n // 2),
        "hashes": "#" * n, "hash-digits": "#1" * (n // 2), "backslashes": "\\" * n,
        "commands": "\\a" * (n // 2), "angles": "<" * n, "tags": "<a>" * (n // 3),
        "letters-bang": "a" * n + "!", "dots": "1." * (n // 2), "minus": "-" * n,
        "rgba": "rgba(" + "1," * (n // 2), "tspans": tag * (n // len(tag)),
        "words": "w1_" * (n // 3), "superscripts": "⁻" * n, "cjk": "学" * n,
    }


def _best(run: Callable[[], object], reps: int = 2) -> float:
    best = float("inf")
    for _ in range(reps):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _growth(pattern: re.Pattern[str], shape: str, small: int, large: int) -> tuple[float, float]:
    """(time on the large text, large/small time ratio) of a search (it tries every start)."""
    def timed(n: int) -> float:
        text = shapes(n)[shape]
        return _best(lambda: pattern.search(text))
    t_small, t_large = timed(small), timed(large)
    return t_large, t_large / max(t_small, 1e-9)


@pytest.mark.parametrize("where", sorted(PATTERNS))
def test_every_regex_runs_in_linear_time_on_adversarial_text(where):
    pattern = PATTERNS[where]
    for shape in shapes(10):
        for small, large in LADDER:
            t_large, ratio = _growth(pattern, shape, small, large)
            assert large > 10_000 or t_large < SMALL_S, (
                f"{where} /{pattern.pattern}/ on {shape}: {t_large * 1e3:.0f} ms at {large:,} "
                "characters")
            if t_large > NOISE_S and ratio > LINEAR_RATIO:  # measure once more before failing
                t_large, ratio = _growth(pattern, shape, small, large)
            assert t_large <= NOISE_S or ratio <= LINEAR_RATIO, (
                f"{where} /{pattern.pattern}/ on {shape}: {ratio:.1f}× the time for 4× the "
                f"text ({t_large * 1e3:.1f} ms at {large:,} characters)")


class Spy:
    """A stand-in for a compiled pattern that counts the characters it is given."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.seen = pattern, 0

    def fullmatch(self, text: str) -> re.Match[str] | None:
        self.seen = max(self.seen, len(text))
        return self.pattern.fullmatch(text)


@pytest.mark.parametrize("text", [
    "1" + " " * 200_000 + "1", " " * 200_000, "1" * 200_000, "×" * 200_000,
    "1 × 10^{" + " " * 200_000 + "-4}", "4.3857 × 10⁻⁴" + " " * 100])
def test_parse_number_refuses_long_text_before_any_regex_sees_it(text, monkeypatch):
    spy = Spy(errors._EXPONENT)
    monkeypatch.setattr(errors, "_EXPONENT", spy)
    with pytest.raises(CodedError) as caught:
        parse_number("eta", text, 0, 1000)
    assert (caught.value.code, caught.value.params) == ("too_long", {"limit": MAX_NUMBER_CHARS})
    assert spy.seen == 0


def test_the_regex_parse_number_uses_never_sees_more_than_the_limit(monkeypatch):
    spy = Spy(errors._EXPONENT)
    monkeypatch.setattr(errors, "_EXPONENT", spy)
    text = "4.3857 × 10^{" + " " * (MAX_NUMBER_CHARS - 18) + "-4}"
    assert len(text) <= MAX_NUMBER_CHARS
    assert parse_number("eta", text, -1, 1) == pytest.approx(4.3857e-4)
    assert 0 < spy.seen <= MAX_NUMBER_CHARS


def test_a_number_at_the_limit_is_still_read():
    assert parse_number("eta", " " * (MAX_NUMBER_CHARS - 3) + "0.5", 0, 1) == 0.5
    with pytest.raises(CodedError, match="too_long"):
        parse_number("eta", " " * (MAX_NUMBER_CHARS - 2) + "0.5", 0, 1)
