"""Every feature's session keys (tutor.session and each feature's state module): defaults,
?lang= handling, never overwriting existing state, every key distinct across the features."""

import subprocess
import sys

import pytest

from bpcore import Scenario
from bpcore.builder import Architecture, DataSpec
from bpcore.recipe import Recipe
from tutor import session as app_session
from tutor.builder import state as builder_state
from tutor.digits import state as digits_state
from tutor.lesson import state as lesson_state
from tutor.live import state as live_state
from tutor.modes import state as modes_state
from tutor.pages import activations as activations_state
from tutor.pages import chain_rule, graph, landscape, learning_rate
from tutor.pages import defaults as page_defaults
from tutor.pages import training as training_state
from tutor.serving import busy, shared
from tutor.serving.kept import KeptResult
from tutor.stepping import neteditor_state
from tutor.stepping import network as stepping_network
from tutor.stepping import state as stepping_state
from tutor.ui import state as field_state

# Every module that names session keys: app-wide, then one per feature.
STATE_MODULES = (app_session, field_state, modes_state, stepping_state, neteditor_state,
                 stepping_network,
                 lesson_state,
                 builder_state, digits_state, live_state, busy, graph, activations_state,
                 chain_rule, training_state, learning_rate, landscape)


@pytest.mark.parametrize(
    ("query", "expected"),
    [({}, "en"), ({"lang": "zh"}, "zh"), ({"lang": "en"}, "en"), ({"lang": "fr"}, "en")],
)
def test_init_state_reads_lang_from_query(query: dict, expected: str) -> None:
    session: dict = {}
    app_session.init_state(session, query)
    assert session == {app_session.LANG: expected, app_session.PRECISION: 4}


def test_init_state_keeps_existing_values() -> None:
    session = {app_session.LANG: "zh", app_session.PRECISION: 6}
    app_session.init_state(session, {"lang": "en"})
    assert session == {app_session.LANG: "zh", app_session.PRECISION: 6}


def test_keys_are_distinct_strings() -> None:
    keys = [app_session.LANG, app_session.LANG_WIDGET, stepping_state.SCENARIO,
            app_session.PRECISION]
    assert all(isinstance(k, str) for k in keys)
    assert len(set(keys)) == len(keys)


def session_keys() -> list[str]:
    """Every session key named in the state modules (slots by their key); a name one module
    imports from another counts once."""
    named: dict[str, str] = {}
    for module in STATE_MODULES:
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, str) and name not in NOT_KEYS:
                assert named.setdefault(name, value) == value, name
            elif isinstance(value, KeptResult):
                assert named.setdefault(name, value.key) == value.key, name
    return list(named.values())


# Upper-case strings that are not session keys: defaults, URL parameters, a page's url_path,
# the field a refusal names.
NOT_KEYS = {"DEFAULT_LANG", "LESSON_PARAM", "JOIN_PARAM", "BUILDER_PAGE", "FIELD", "URL_PARAM"}


def test_every_session_key_is_distinct():
    keys = session_keys()
    assert len(keys) > 140
    assert len(set(keys)) == len(keys), sorted(k for k in keys if keys.count(k) > 1)


def test_every_kept_result_has_its_own_key_and_shared_cache():
    slots = list({id(v): v for m in STATE_MODULES for v in vars(m).values()
                  if isinstance(v, KeptResult)}.values())
    assert len(slots) == 10  # the bundled MNIST subset's runs joined them
    assert len({id(s.shared) for s in slots}) == len(slots) == len(shared.ALL)
    assert {id(s.shared) for s in slots} == {id(c) for c in shared.ALL}


def test_kept_widgets_get_their_default_once_and_keep_their_value():
    session: dict = {training_state.TRAIN_ITERATIONS: 42}
    page_defaults.keep_widgets(session)
    assert session[training_state.TRAIN_ITERATIONS] == 42  # never overwritten
    assert session[activations_state.VANISHING_ACTIVATIONS] == ["sigmoid", "relu"]  # a fresh list
    assert session[activations_state.VANISHING_ACTIVATIONS] is not page_defaults.PAGE_DEFAULTS[
        activations_state.VANISHING_ACTIVATIONS]
    # The builder's are given on its page, not in every session on every page.
    assert not set(builder_state.BUILDER_DEFAULTS) & set(session)
    session[builder_state.BUILDER_LAYERS] = 3  # one of them set before (a lesson link)
    page_defaults.page_defaults(session, "builder")
    assert {k: session[k] for k in builder_state.BUILDER_DEFAULTS} == {
        **builder_state.BUILDER_DEFAULTS, builder_state.BUILDER_LAYERS: 3}
    page_defaults.keep_widgets(session)  # and then kept like the rest
    assert session[builder_state.BUILDER_LAYERS] == 3


RECIPE = Recipe(Architecture((5, 3), ("relu", "sigmoid"), "sigmoid", "binary_cross_entropy"),
                DataSpec("circles", 120, 0.2, 4, 0.3), eta=0.05, epochs=12, batch=7, seed=9)


def test_the_builders_widgets_show_a_recipe_and_read_it_back():
    session: dict = {}
    assert builder_state.builder_recipe(session) == Recipe()  # no widget yet: the defaults
    page_defaults.keep_widgets(session)
    page_defaults.page_defaults(session, "builder")  # as its page does first
    builder_state.set_builder_recipe(session, RECIPE)
    assert builder_state.builder_recipe(session) == RECIPE
    assert session[builder_state.builder_layer_key(2, "width")] == builder_state.NEW_LAYER[0]
    session[builder_state.BUILDER_LAYERS] = 3  # a layer added shows as a new one
    assert builder_state.builder_recipe(session).arch.hidden == (5, 3, 8)


def test_a_lesson_link_sets_the_builders_widgets():
    from tutor.lesson.codec import Lesson, encode

    session: dict = {}
    app_session.init_state(session, {})
    stepping_state.init_scenario(session)
    page_defaults.keep_widgets(session)
    lesson_state.apply_lesson(session, encode(Lesson(Scenario.worked_example(), builder=RECIPE)))
    assert session[builder_state.BUILDER_DATASET] == "circles"
    assert lesson_state.current_lesson(session, builder_state.BUILDER_PAGE).builder == RECIPE
    assert lesson_state.current_lesson(session, "forward").builder is None


def test_each_page_default_belongs_to_one_feature():
    """PAGE_DEFAULTS is exactly the features' DEFAULTS put together, none overriding another."""
    parts = [graph.DEFAULTS, activations_state.DEFAULTS, chain_rule.DEFAULTS,
             training_state.DEFAULTS, learning_rate.DEFAULTS, landscape.DEFAULTS,
             stepping_state.DEFAULTS, builder_state.BUILDER_DEFAULTS, digits_state.DEFAULTS]
    assert sum(len(p) for p in parts) == len(page_defaults.PAGE_DEFAULTS)
    assert {k: v for p in parts for k, v in p.items()} == dict(page_defaults.PAGE_DEFAULTS)


def test_reading_the_language_loads_no_feature_and_no_worker_pool():
    """tutor.session is app-wide and light: importing it imports no feature module."""
    code = ("import sys, tutor.session; "
            "print(sorted(m for m in sys.modules if m.startswith('tutor.')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["['tutor.i18n',", "'tutor.session']"]


class _Recording(dict):
    """A session state that records which keys were written."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.written: list[str] = []

    def __setitem__(self, key: str, value: object) -> None:
        self.written.append(key)
        super().__setitem__(key, value)


def test_resend_choices_writes_back_plain_values_only() -> None:
    from tutor.session import resend_choices

    ss = _Recording({"net.widget": "xor", "speed": 2.0, "steps": 3, "features": ["x1", "x2"],
                     "range": (0.1, 0.5), "button": True, "flags": [True], "upload": None,
                     "spec": object()})
    resend_choices(ss, list(ss))
    assert sorted(ss.written) == ["features", "net.widget", "range", "speed", "steps"]
    assert ss["net.widget"] == "xor" and ss["range"] == (0.1, 0.5)
