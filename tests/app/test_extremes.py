"""Extreme but valid scenarios: every page still runs and shows no NaN or infinity."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bpcore import Scenario
from tests.app.apptest import svg_pictures
from tutor.figures.svg import texts_in
from tutor.stepping import state as stepping_state

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ("overview", "forward", "backward", "update", "graph")
NOT_A_NUMBER = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)
EXTREMES = {
    "huge weights": Scenario(weights=(1e6, -1e6, 1e6, -1e6, 1e6, -1e6, 1e6, -1e6)),
    "largest rate, biases training": Scenario(eta=1000.0, train_biases=True),
    "huge inputs and targets": Scenario(inputs=(1e6, -1e6), targets=(1e6, -1e6)),
    "all zero": Scenario(inputs=(0.0, 0.0), targets=(0.0, 0.0), weights=(0.0,) * 8,
                         biases=(0.0,) * 4),
}


def shown_text(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "latex", "caption", "info", "error", "success")
             for e in getattr(at, kind)]
    parts += [str(m.value) for m in at.metric]
    parts += [t.value.to_string() for t in at.table]
    parts += [c.proto.spec for c in at.get("plotly_chart")]
    parts += [" ".join(texts_in(svg)) for _, svg in svg_pictures(at)]  # the diagrams' pictures
    return " ".join(parts).lower()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("name", list(EXTREMES))
def test_extreme_scenarios_never_show_nan_or_infinity(page, name):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.session_state[stepping_state.SCENARIO] = EXTREMES[name]
    at.switch_page(f"app_pages/{page}.py").run()
    if page == "backward":
        at.toggle(key=stepping_state.SHOW_FD).set_value(True).run()
    if page == "update":
        at.button(key="update.apply").click().run()
        at.button(key="update.apply").click().run()
    assert not at.exception
    found = NOT_A_NUMBER.search(shown_text(at))
    assert found is None, (name, found and found.group(0))


def test_the_detector_finds_what_it_looks_for():
    assert NOT_A_NUMBER.search('{"y": [NaN, 1]}') and NOT_A_NUMBER.search("E = inf")
    assert NOT_A_NUMBER.search("Infinity") and not NOT_A_NUMBER.search("info, finite")
