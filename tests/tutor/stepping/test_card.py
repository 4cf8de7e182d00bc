"""A step's card (tutor.stepping.card), what a follower's view draws in the browser: the same
step, numbers and words as the page draws, made once per step for every follower."""

from __future__ import annotations

import json

import pytest

from bpcore import Scenario, fmt
from bpcore.presets import preset
from tutor.i18n import t
from tutor.stepping.card import CARDS, CardKey, card
from tutor.stepping.drawn import StepKey, drawn
from tutor.stepping.stepview import source_of
from tutor.ui.formula import fitted_css

WORKED = Scenario.worked_example()


def _card(key: CardKey) -> dict[str, object]:
    return dict(json.loads(card(key)))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", ["forward", "backward", "update"])
def test_each_step_of_the_worked_example_carries_the_pages_drawing_and_bpcores_value(
        page: str, lang: str) -> None:
    count = len(source_of(WORKED, False).steps(page))
    for current in range(count):
        key = StepKey(WORKED, page, current, 4, lang, reveal=True)
        shown, drawing = _card(CardKey(key, table=True)), drawn(key)
        step = source_of(WORKED, False).steps(page)[current]
        assert shown["step"] == current and shown["count"] == count
        assert shown["place"] == t("formula.step_of", lang, index=current + 1, count=count)
        assert shown["phase"] == t(f"phase.{step.phase}", lang)
        assert shown["picture"] == drawing.picture
        assert shown["explanation"] == drawing.explanation
        assert shown["words"] == drawing.live_words
        assert [f["latex"] for f in shown["fits"]] == [f.latex for f in drawing.fits]
        assert shown["fit_css"] in fitted_css(drawing.fits)
        # Every breaking ends on the step's result as bpcore computed it, at the precision.
        result = step.display(4)[1]
        assert all(f["latex"].removesuffix(r" \end{aligned}").endswith(f"= {result}")
                   for f in shown["fits"])
        table = shown["table"]
        assert isinstance(table, dict) and len(table["rows"]) == current + 1
        assert table["columns"] == drawing.table.column_names
        assert fmt(step.value, 4) in table["rows"][-1]


def test_the_same_step_is_one_card_made_once_and_another_step_another() -> None:
    CARDS.clear()
    before = CARDS.computations
    key = CardKey(StepKey(WORKED, "forward", 2, 4, "en", reveal=True), table=True)
    first = card(key)
    assert card(CardKey(StepKey(Scenario.worked_example(), "forward", 2, 4, "en", reveal=True),
                        table=True)) is first
    assert CARDS.computations == before + 1
    other = card(CardKey(StepKey(WORKED, "forward", 3, 4, "en", reveal=True), table=True))
    assert other != first and CARDS.computations == before + 2


def test_a_lesson_that_hides_the_table_sends_none() -> None:
    shown = _card(CardKey(StepKey(WORKED, "forward", 4, 4, "en", reveal=True), table=False))
    assert shown["table"] is None


def test_a_batch_card_names_the_sample_and_the_finite_difference_estimate_is_a_note() -> None:
    spec = preset("batch")
    steps = source_of(spec, False).steps("forward")
    sampled = next(k for k, s in enumerate(steps) if s.qname is not None
                   and s.qname.sample is not None)
    notes = _card(CardKey(StepKey(spec, "forward", sampled, 4, "en", reveal=True),
                          table=True))["notes"]
    assert notes and notes[0]["kind"] == "caption"
    assert notes[0]["text"] == t("net.sample", "en", sample=steps[sampled].qname.sample,
                                 samples=spec.samples)
    backward = source_of(WORKED, False).steps("backward")
    k = next(i for i, s in enumerate(backward) if s.name in source_of(WORKED, False).estimates())
    notes = _card(CardKey(StepKey(WORKED, "backward", k, 4, "en", reveal=True, estimates=True),
                          table=True))["notes"]
    assert [n["kind"] for n in notes] == ["success"]
    assert fmt(backward[k].value, 4) in notes[0]["text"]
