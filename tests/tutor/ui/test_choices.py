"""tutor.ui.choices: which values a choice widget refuses, and what it puts back."""

from __future__ import annotations

import pytest

from tutor.ui import state as ui_state
from tutor.ui.choices import _put_back, _toggled, foreign

NETS = ("worked", "xor", "own")


@pytest.mark.parametrize("value", ["Worked example", "", "worked ", "1", ["xor", "XOR"],
                                   ("worked", "?")])
def test_a_text_that_is_no_option_is_foreign(value: object) -> None:
    assert foreign(value, NETS)


@pytest.mark.parametrize("value", ["xor", None, [], ["own", "xor"], 3, 2.0])
def test_an_option_none_or_a_value_of_another_type_is_not(value: object) -> None:
    # another type (an int the options no longer hold) is the page's to handle, as before
    assert not foreign(value, NETS)


def test_a_label_of_a_number_option_is_foreign() -> None:
    assert foreign("3", range(10))
    assert not foreign(3, range(10))


def test_put_back_restores_the_last_value_drawn() -> None:
    session: dict = {"net": "XOR (2-2-1)", ui_state.CHOICES_SHOWN: {"net": "xor"}}
    _put_back(session, "net", NETS)
    assert session["net"] == "xor"


def test_put_back_drops_a_value_with_nothing_valid_to_restore() -> None:
    session: dict = {"net": "?", ui_state.CHOICES_SHOWN: {"net": "gone"}}
    _put_back(session, "net", NETS)
    assert "net" not in session  # the widget starts from its own default


def test_put_back_gives_a_list_of_its_own() -> None:
    shown = ["own"]
    session: dict = {"hide": ["?"], ui_state.CHOICES_SHOWN: {"hide": shown}}
    _put_back(session, "hide", NETS)
    assert session["hide"] == ["own"] and session["hide"] is not shown


def test_toggled_counts_the_options_chosen_on_one_side_only() -> None:
    assert _toggled(["worked", "xor"], [], NETS) == 2  # not one click of a pill
    assert _toggled(["worked"], ["worked", "own"], NETS) == 1
    assert _toggled(None, ["xor"], NETS) == 1
