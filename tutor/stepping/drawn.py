"""A step of a stepping page as drawn, made once per server for every session that shows it.

A stepping page's rerun used to build, for every session on every click, the same things
from the same inputs: the network diagram (its figure dict, 0.3–1.8 ms, now drawn as an SVG
picture, ~0.7 ms more), the step's substituted LaTeX and its estimated width, the explanation and
the words a screen reader says, and the values table. A class following one teacher asks for
the same step 200 times per move; here it is drawn once per ``StepKey`` and shared
(tutor.serving.kept.SharedCache: bounded, exact keys, single-flight), read-only: the picture
is a string (its markup, ~11 kB, the same object sent to every follower), the table an Arrow
table (immutable), the rest text.

The key is everything the drawing depends on: the network (the worked example's scenario, its
trace tutor.serving.shared.traced, or any other network's NetSpec; how each is drawn is its
tutor.stepping.stepview.StepSource's), the page (which steps), the step, the precision, the
language, whether the step's own value is shown, whether a prediction is asked for (the
width of its question), the presentation mode (the diagram's type size and, for another
network, its formula's lines) and whether the finite-difference column shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pyarrow as pa

from bpcore import Formula, Scenario, scenario_estimates
from bpcore.gradcheck import net_estimates
from bpcore.netspec import NetSpec
from bpcore.steps import PAGE_PHASES
from tutor.figures.words import words_of
from tutor.i18n import t
from tutor.serving.kept import Progress, SharedCache
from tutor.serving.shared import TTL_SECONDS
from tutor.ui.formula import Fit, formula_words, say, values_rows
from tutor.ui.formula_width import formula_em
from tutor.ui.notation import upright
from tutor.ui.plot import svg_picture
from tutor.ui.table import arrow_rows

PHASES = PAGE_PHASES  # the phases each stepping page steps through


@dataclass(frozen=True)
class StepKey:
    """Everything one drawn step depends on (compared exactly: tutor.serving.kept.exact_key)."""

    # the network: the worked example's scenario, or any other network's spec (the field keeps
    # the name it had when only the worked example was drawn here)
    scenario: Scenario | NetSpec
    page: str  # forward | backward | update
    current: int  # 0-based index into the page's steps
    decimals: int
    lang: str
    reveal: bool  # the current step's own value shown (not while it is being practised)
    asked: bool = False  # a prediction asked for and not made: the panel is its question
    presenting: bool = False
    estimates: bool = False  # the finite-difference column and note (backward page)


@dataclass(frozen=True)
class Drawn:
    """One step as every session shows it.

    picture: the diagram as inline SVG markup with its words (tutor.ui.plot.svg_picture;
    tutor.ui.plot.show_picture draws it);
    width_em: the panel's formula width for the style sheet (tutor.ui.formula_width);
    header, explanation, fits, live_words: tutor.ui.formula.formula_panel's four texts (the
    formula broken for each width of the panel: tutor.ui.formula.fitted);
    table: the values so far (None before the first), as Arrow.
    """

    picture: str
    width_em: float
    header: str
    explanation: str
    fits: tuple[Fit, ...]
    live_words: str
    table: pa.Table | None


def estimates_of(scenario: Scenario) -> Mapping[str, float]:
    """The scenario's finite-difference estimates, made once per server (bpcore.gradcheck)."""
    return ESTIMATES.get(scenario)


def _estimates(scenario: Scenario, _progress: Progress) -> Mapping[str, float]:
    return MappingProxyType(scenario_estimates(scenario))


def net_estimates_of(spec: NetSpec) -> Mapping[str, float]:
    """Any other network's finite-difference estimates by step name (its QName's id), made
    once per server (bpcore.gradcheck.net_estimates)."""
    return NET_ESTIMATES.get(spec)


def _net_estimates(spec: NetSpec, _progress: Progress) -> Mapping[str, float]:
    return MappingProxyType({q.id: v for q, v in net_estimates(spec).items()})


def header_text(step: Formula, index: int, count: int, lang: str) -> str:
    """tutor.ui.formula.step_header's Markdown: the step's place, its phase, its symbol."""
    return (f"**{t('formula.step_of', lang, index=index + 1, count=count)}** · "
            f"{t(f'phase.{step.phase}', lang)} · ${upright(step.symbol)}$")


def _draw(key: StepKey, _progress: Progress) -> Drawn:
    from tutor.stepping.stepview import source_of  # (the sources draw through this module)

    source = source_of(key.scenario, key.presenting)
    steps, lens = source.steps(key.page), source.lens
    step, d = steps[key.current], key.decimals
    estimates = source.estimates() if key.estimates else None
    figure = source.figure(key.page, key.current, d, key.lang, key.reveal, key.presenting)
    width = formula_em(lens.question(step) if key.asked else lens.formula(step, d, key.reveal))
    upto = key.current if key.reveal else key.current - 1
    table = (None if upto < 0
             else arrow_rows(values_rows(steps, upto, d, key.lang, estimates, source.row_name)))
    return Drawn(svg_picture(figure, words_of(figure) or ""), width,
                 header_text(step, key.current, len(steps), key.lang),
                 say(step.message, key.lang, source.namer(key.lang)), lens.fits(step, d),
                 t("words.step_live", key.lang, index=key.current + 1, count=len(steps),
                   formula=formula_words(step, d)), table)


def drawn(key: StepKey) -> Drawn:
    """The step ``key`` names, drawn once per server while it stays in the cache."""
    return DRAWINGS.get(key)


# A drawing is about 30 kB (the picture's ~12 kB of markup, the table): 512 of them, ~15 MB,
# hold every step of the three pages in two languages at a few precisions for several
# scenarios and networks — a class and the learners exploring beside it.
DRAWINGS: SharedCache[StepKey, Drawn] = SharedCache("drawn_steps", _draw, max_entries=512,
                                                    ttl_seconds=TTL_SECONDS)
# One finite-difference run per scenario (16 perturbed passes, ~1 ms).
ESTIMATES: SharedCache[Scenario, Mapping[str, float]] = SharedCache(
    "estimates", _estimates, max_entries=64, ttl_seconds=TTL_SECONDS)
# One per stepped network (a 4-4-4-4-4 has 72 parameters: 144 perturbed passes, ~10 ms).
NET_ESTIMATES: SharedCache[NetSpec, Mapping[str, float]] = SharedCache(
    "net_estimates", _net_estimates, max_entries=64, ttl_seconds=TTL_SECONDS)
