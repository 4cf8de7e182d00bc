"""The code beside each step on every preset and on the learner's own network: the switch puts
in the diagram's place the NumPy line(s) of bpcore.program_net that compute the step, named as
the page names it, and the line it prints; run after the cells before it (here, in the test
only, in a fresh namespace), that code prints the very number the page shows."""

from __future__ import annotations

import contextlib
import io
import math

import pytest
from streamlit.testing.v1 import AppTest

from bpcore import Scenario, fmt
from bpcore.netspec import NetSpec
from bpcore.presets import PRESETS, preset
from bpcore.program import Program, parse_prints
from bpcore.program_net import net_program
from bpcore.qname import code_name
from bpcore.stepper_trace import NetStep, trace_net
from tests.app.apptest import svg_pictures
from tests.app.test_net_pages import open_net
from tutor.i18n import t
from tutor.lesson.codec import Lesson, encode
from tutor.stepping import state as stepping_state
from tutor.stepping.netview import PHASES, STEP_KEYS
from tutor.ui.netnotation import qtext

NETS = [n for n in PRESETS if n != "worked"]
OWN = NetSpec.random((3, 2, 2), ("tanh", "softmax"), "cross_entropy", seed=7, samples=2,
                     train_biases=True)


def run_shown(program: Program, step: NetStep, shown: str) -> str:
    """What ``shown`` (the code view's block) prints when run after every code cell before
    the one computing ``step``, in a fresh namespace of its own (never in the app)."""
    namespace: dict[str, object] = {"__name__": "__lesson__"}
    for cell in program:
        if cell.kind != "code":
            continue
        if cell.step == step.name or step.name in cell.also:
            break
        exec(compile(cell.source, "<lesson>", "exec"), namespace)  # noqa: S102
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(shown, "<shown>", "exec"), namespace)  # noqa: S102
    return out.getvalue()


def assert_code_shows_step(at: AppTest, spec: NetSpec, page: str, index: int) -> None:
    trace = trace_net(spec)
    step = trace.phase_steps(*PHASES[page])[index]
    assert step.qname is not None
    assert not at.exception
    blocks = [c.value for c in at.main.code if c.language in ("python", "text")]
    source, shown_print = blocks[:2]
    name = code_name(step.qname, spec.samples)
    assert f'show("{name}",' in source and source.count("show(") == 1
    assert shown_print == f"{name} = {step.value!r}"
    ran = parse_prints(run_shown(net_program(trace), step, source))
    assert list(ran) == [name]
    assert math.isclose(ran[name], step.value, rel_tol=1e-12, abs_tol=1e-300)
    assert fmt(ran[name], 4) == fmt(step.value, 4)  # the number the formula panel shows
    assert not svg_pictures(at)  # the code took the diagram's place
    assert t("code.net_step_note", "en", name=qtext(step.qname, spec.samples)) in [
        c.value for c in at.main.caption]  # named as the page names it


@pytest.mark.parametrize("page", PHASES)
@pytest.mark.parametrize("net", NETS)
def test_the_code_beside_each_presets_step_prints_the_shown_number(net: str, page: str) -> None:
    count = len(trace_net(preset(net)).phase_steps(*PHASES[page]))
    at = open_net(page, net, state={stepping_state.SHOW_CODE: True})
    for index in (0, count // 2, count - 1):
        at.session_state[STEP_KEYS[page]] = index
        at.run()
        assert_code_shows_step(at, preset(net), page, index)


def test_the_code_beside_the_learners_own_network_prints_the_shown_number() -> None:
    lesson = encode(Lesson(Scenario(), net="own", own=OWN))
    for page in PHASES:
        count = len(trace_net(OWN).phase_steps(*PHASES[page]))
        at = open_net(page, None, lesson=lesson, state={stepping_state.SHOW_CODE: True})
        for index in (1, count - 2):
            at.session_state[STEP_KEYS[page]] = index
            at.run()
            assert_code_shows_step(at, OWN, page, index)


def test_the_switch_is_there_on_a_preset_and_off_at_first() -> None:
    at = open_net("backward", "softmax")
    switch = at.toggle(key=stepping_state.SHOW_CODE)
    assert switch.label == t("code.toggle", "en") and not switch.value
    assert len(svg_pictures(at)) == 1  # the diagram until the switch is on


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("net", ["xor", "own"])
def test_the_sidebar_offers_the_networks_exports(net: str, lang: str) -> None:
    at = open_net("update", net, lang)
    assert not at.exception
    labels = [b.label for b in at.sidebar.get("download_button")]
    for key in ("export.download_net", "export.download_csv", "export.download_values_json",
                "export.download_ipynb", "export.download_py"):
        assert labels.count(t(key, lang)) == 1, key
    assert t("export.download_md", lang) not in labels  # the worked example's handout only
