"""The shared step drawings (tutor.stepping.drawn): one drawing per key for the whole server,
a different one whenever anything the drawing shows differs, and the same drawing the page
made before the cache."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bpcore import Scenario, scenario_estimates
from tutor.figures.network import network_figure
from tutor.figures.words import words_of
from tutor.modes.lens import question_latex
from tutor.serving.shared import traced
from tutor.stepping.drawn import DRAWINGS, PHASES, StepKey, drawn, header_text
from tutor.ui.formula import fitted, formula_latex, say, values_rows
from tutor.ui.formula_width import formula_em
from tutor.ui.plot import svg_picture
from tutor.ui.table import arrow_rows

WORKED = Scenario.worked_example()
KEY = StepKey(WORKED, "backward", 5, 4, "en", reveal=True)


def test_the_same_inputs_get_the_identical_drawing_made_once():
    DRAWINGS.clear()
    before = DRAWINGS.computations
    first = drawn(KEY)
    again = drawn(StepKey(Scenario.worked_example(), "backward", 5, 4, "en", reveal=True))
    assert again is first
    assert DRAWINGS.computations == before + 1


UPDATE = StepKey(WORKED, "update", 3, 4, "en", reveal=True)


@pytest.mark.parametrize(("key", "other"), [
    (KEY, replace(KEY, lang="zh")),
    (KEY, replace(KEY, current=6)),
    (KEY, replace(KEY, page="forward")),
    (UPDATE, replace(UPDATE, scenario=replace(WORKED, eta=0.25))),  # η shows in an update
    (KEY, replace(KEY, scenario=WORKED.with_value("w5", 0.41))),
    (KEY, replace(KEY, decimals=2)),
    (KEY, replace(KEY, reveal=False)),
    (KEY, replace(KEY, presenting=True)),
], ids=["language", "step", "page", "eta", "a weight", "precision", "hidden value",
        "presenting"])
def test_anything_the_drawing_shows_gives_another_drawing(key: StepKey, other: StepKey):
    one, two = drawn(key), drawn(other)
    assert two is not one
    assert (two.picture, two.fits, two.header, two.explanation, two.live_words,
            two.width_em, two.table) != (one.picture, one.fits, one.header,
                                         one.explanation, one.live_words, one.width_em,
                                         one.table)


def test_a_prediction_asked_for_and_the_finite_differences_are_part_of_the_key():
    asked = drawn(replace(KEY, reveal=False, asked=True))
    steps = traced(WORKED).phase_steps(*PHASES["backward"])
    assert asked.width_em == formula_em(question_latex(steps[5]))
    with_fd = drawn(replace(KEY, estimates=True))
    assert with_fd.table is not None and KEY.estimates is False
    assert with_fd.table.num_columns == drawn(KEY).table.num_columns + 1


@pytest.mark.parametrize("page", ["forward", "backward", "update"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_drawing_is_what_the_page_drew_without_the_cache(page: str, lang: str):
    trace = traced(WORKED)
    steps = trace.phase_steps(*PHASES[page])
    current = len(steps) // 2
    got = drawn(StepKey(WORKED, page, current, 3, lang, reveal=True, estimates=page == "backward"))
    estimates = scenario_estimates(WORKED) if page == "backward" else None
    figure = network_figure(trace, view=page, decimals=3, lang=lang, current=current,
                            steps=steps)
    assert got.picture == svg_picture(figure, words_of(figure) or "")
    assert got.fits == fitted(steps[current], 3)
    assert got.width_em == formula_em(formula_latex(steps[current], 3, True))
    assert got.header == header_text(steps[current], current, len(steps), lang)
    assert got.explanation == say(steps[current].message, lang)
    assert got.table is not None
    assert got.table.equals(arrow_rows(values_rows(steps, current, 3, lang, estimates)))


def test_the_first_step_hidden_has_no_table_yet():
    assert drawn(StepKey(WORKED, "forward", 0, 4, "en", reveal=False)).table is None


def test_a_shared_drawing_is_immutable_text_sent_as_it_is():
    """The picture is a str (immutable), the very object every session of the step is sent,
    and it carries no font: an inline SVG draws in the page's font (tutor.ui.plot)."""
    picture = drawn(KEY).picture
    assert isinstance(picture, str) and drawn(KEY).picture is picture
    assert "@font-face" not in picture and "base64" not in picture
    assert len(picture.encode()) < 20_000


def test_a_presets_step_is_drawn_once_per_server_too_and_is_its_own():
    """Any other network is drawn through the same cache, keyed by its NetSpec: an equal spec
    gets the identical drawing, in the general notation (its formula broken into the lens's
    lines, its names written w^l_jk); the worked example's drawing of the same numbers is
    another (Mazur's names)."""
    from bpcore.presets import preset
    from bpcore.stepper_trace import trace_net
    from tutor.figures.netdiagram import net_figure
    from tutor.modes.lens import NetLens
    from tutor.stepping.netview import ROOM_EM

    spec = preset("softmax")
    key = StepKey(spec, "backward", 7, 4, "zh", reveal=True)
    DRAWINGS.clear()
    before = DRAWINGS.computations
    first = drawn(key)
    assert drawn(replace(key, scenario=preset("softmax"))) is first
    assert DRAWINGS.computations == before + 1
    trace = trace_net(spec)
    steps = trace.phase_steps(*PHASES["backward"])
    figure = net_figure(trace, steps, 7, view="backward", decimals=4, lang="zh")
    assert first.picture == svg_picture(figure, words_of(figure) or "")
    assert first.fits == fitted(steps[7], 4, room=ROOM_EM, inner=True)
    assert first.fits[0].latex == NetLens(trace, "").formula(steps[7], 4)
    same_numbers = drawn(StepKey(preset("worked"), "backward", 5, 4, "en", reveal=True))
    assert same_numbers.header != drawn(KEY).header  # w^2_11 in one, w5 in the other
