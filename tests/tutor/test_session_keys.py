"""tutor.state: defaults, ?lang= handling, never overwriting existing state."""

import pytest

from bpcore import Scenario
from bpcore.builder import Architecture, DataSpec
from bpcore.recipe import Recipe
from tutor import state
from tutor.builder import state as builder_state
from tutor.serving import shared
from tutor.serving.kept import KeptResult


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


def session_keys() -> list[str]:
    """Every session key named in tutor.state and tutor.builder.state (slots by their key)."""
    keys = []
    for module in (state, builder_state):
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, str) and name not in NOT_KEYS:
                keys.append(value)
            elif isinstance(value, KeptResult):
                keys.append(value.key)
    return keys


# Upper-case strings that are not session keys: defaults, a URL parameter, a page's url_path.
NOT_KEYS = {"DEFAULT_LANG", "LESSON_PARAM", "BUILDER_PAGE"}


def test_every_session_key_is_distinct():
    keys = session_keys()
    assert len(keys) > 60
    assert len(set(keys)) == len(keys), sorted(k for k in keys if keys.count(k) > 1)


def test_every_kept_result_has_its_own_key_and_shared_cache():
    slots = [v for m in (state, builder_state) for v in vars(m).values()
             if isinstance(v, KeptResult)]
    assert len(slots) == 10  # the bundled MNIST subset's runs joined them
    assert len({id(s.shared) for s in slots}) == len(slots) == len(shared.ALL)
    assert {id(s.shared) for s in slots} == {id(c) for c in shared.ALL}


def test_kept_widgets_get_their_default_once_and_keep_their_value():
    session: dict = {state.TRAIN_ITERATIONS: 42}
    state.keep_widgets(session)
    assert session[state.TRAIN_ITERATIONS] == 42  # never overwritten
    assert session[state.VANISHING_ACTIVATIONS] == ["sigmoid", "relu"]  # a fresh list
    assert session[state.VANISHING_ACTIVATIONS] is not state.PAGE_DEFAULTS[
        state.VANISHING_ACTIVATIONS]
    assert {k: session[k] for k in builder_state.BUILDER_DEFAULTS} == dict(
        builder_state.BUILDER_DEFAULTS)


RECIPE = Recipe(Architecture((5, 3), ("relu", "sigmoid"), "sigmoid", "binary_cross_entropy"),
                DataSpec("circles", 120, 0.2, 4, 0.3), eta=0.05, epochs=12, batch=7, seed=9)


def test_the_builders_widgets_show_a_recipe_and_read_it_back():
    session: dict = {}
    assert builder_state.builder_recipe(session) == Recipe()  # no widget yet: the defaults
    state.keep_widgets(session)
    builder_state.set_builder_recipe(session, RECIPE)
    assert builder_state.builder_recipe(session) == RECIPE
    assert session[builder_state.builder_layer_key(2, "width")] == builder_state.NEW_LAYER[0]
    session[builder_state.BUILDER_LAYERS] = 3  # a layer added shows as a new one
    assert builder_state.builder_recipe(session).arch.hidden == (5, 3, 8)


def test_a_lesson_link_sets_the_builders_widgets():
    from tutor.lesson.codec import Lesson, encode

    session: dict = {}
    state.init_state(session, {})
    state.init_scenario(session)
    state.keep_widgets(session)
    state.apply_lesson(session, encode(Lesson(Scenario.worked_example(), builder=RECIPE)))
    assert session[builder_state.BUILDER_DATASET] == "circles"
    assert state.current_lesson(session, builder_state.BUILDER_PAGE).builder == RECIPE
    assert state.current_lesson(session, "forward").builder is None
