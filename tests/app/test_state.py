"""tutor.state: defaults, ?lang= handling, never overwriting existing state."""

import pytest

from tutor import state


@pytest.mark.parametrize(
    ("query", "expected"),
    [({}, "en"), ({"lang": "zh"}, "zh"), ({"lang": "en"}, "en"), ({"lang": "fr"}, "en")],
)
def test_init_state_reads_lang_from_query(query: dict, expected: str) -> None:
    session: dict = {}
    state.init_state(session, query)
    assert session == {state.LANG: expected, state.PRECISION: 4}


def test_init_state_keeps_existing_values() -> None:
    session = {state.LANG: "zh", state.PRECISION: 6}
    state.init_state(session, {"lang": "en"})
    assert session == {state.LANG: "zh", state.PRECISION: 6}


def test_keys_are_distinct_strings() -> None:
    keys = [state.LANG, state.LANG_WIDGET, state.SCENARIO, state.PRECISION]
    assert all(isinstance(k, str) for k in keys)
    assert len(set(keys)) == len(keys)
