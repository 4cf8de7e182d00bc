"""The page tests' helper opens the page it is asked for, with its presets in place."""

import re
from pathlib import Path

import pytest

from tests.app.apptest import APP, OPENED_DIRECTLY, field, open_page
from tutor.i18n import t
from tutor.pages import training as training_state

PAGES = re.findall(r'"app_pages/(\w+)\.py"', Path(APP).read_text(encoding="utf-8"))


def test_every_page_of_the_app_is_known_and_most_open_in_one_run():
    assert len(set(PAGES)) == 12  # the overview twice: its page, and /overview switches to it
    assert OPENED_DIRECTLY.issubset(PAGES)
    assert {"training", "landscape", "digits"} <= OPENED_DIRECTLY  # the overview is at /
    assert not {"learning_rate", "builder", "chain_rule"} & OPENED_DIRECTLY  # url_path differs


@pytest.mark.parametrize("page", ["overview", "landscape", "learning_rate", "builder"])
def test_open_page_lands_on_the_page_asked_for(page):
    at = open_page(page, "zh")
    assert not at.exception
    assert at.title[0].value == t(f"page.{page}", "zh")


def test_a_preset_is_in_place_before_the_first_run():
    at = open_page("training", preset={training_state.TRAIN_ITERATIONS: 7})
    assert field(at, training_state.TRAIN_ITERATIONS).value == "7"
    assert at.session_state[training_state.TRAIN_RESULT.key][1].iterations == 7
