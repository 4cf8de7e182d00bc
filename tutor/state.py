"""Session-state keys and their initialisation.

Keys are plain module-level string constants; there is no mutable module-level state
(Streamlit re-imports nothing per session, so module globals would leak across users).
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from types import MappingProxyType
from typing import Any, Final

from bpcore import Scenario, Trace
from bpcore.builder import Architecture, DataSpec
from bpcore.limits import HIDDEN_LAYERS
from bpcore.recipe import Recipe
from tutor.i18n import LANGUAGES
from tutor.lesson import Lesson, LessonError, decode

LANG: Final = "lang"
# Key of the sidebar language widget. Kept separate from LANG on purpose: Streamlit
# discards widget-keyed state on a page switch, the plain LANG key survives it.
LANG_WIDGET: Final = "lang_widget"
SCENARIO: Final = "scenario"
PRECISION: Final = "precision"

DEFAULT_LANG: Final = "en"
DEFAULT_PRECISION: Final = 4


def lang_from_query(query_params: Mapping[str, Any]) -> str:
    """The language requested by ``?lang=``, or the default if absent/unknown."""
    value = query_params.get(LANG)
    return value if value in LANGUAGES else DEFAULT_LANG


def init_state(session_state: MutableMapping[str, Any], query_params: Mapping[str, Any]) -> None:
    """Fill in defaults without overwriting anything already in ``session_state``."""
    if LANG not in session_state:
        session_state[LANG] = lang_from_query(query_params)
    if PRECISION not in session_state:
        session_state[PRECISION] = DEFAULT_PRECISION


# --- the worked example's scenario and where the learner is ------------------------------
# Widget keys mirror canonical keys (as LANG_WIDGET mirrors LANG): the canonical value
# survives page switches and rejected edits; the widget is re-set from it every run.
PRECISION_WIDGET: Final = "precision_widget"
TRAIN_BIASES_WIDGET: Final = "train_biases_widget"
EDIT_PREFIX: Final = "edit."
FIELD_ERRORS: Final = "field_errors"
STEP_FORWARD: Final = "step.forward"
STEP_BACKWARD: Final = "step.backward"
STEP_UPDATE: Final = "step.update"
SHOW_FD: Final = "show_finite_difference"
ITERATION: Final = "iteration"
ERROR_HISTORY: Final = "error_history"
START_SCENARIO: Final = "start_scenario"
STEP_KEYS: Final = (STEP_FORWARD, STEP_BACKWARD, STEP_UPDATE)


def init_scenario(session_state: MutableMapping[str, Any]) -> None:
    """The worked example, iteration 0 and no rejected fields, unless already set."""
    if SCENARIO not in session_state:
        session_state[FIELD_ERRORS] = {}
        set_scenario(session_state, Scenario.worked_example(), restart=True)


def set_scenario(session_state: MutableMapping[str, Any], scenario: Scenario,
                 restart: bool = False) -> None:
    """Make ``scenario`` the one every page shows; it becomes the start of the iterations.

    ``restart`` also sends every stepper back to its first step (Reset does that; an edit
    keeps the learner's place so the effect of the edit shows where they are).
    """
    session_state[SCENARIO] = scenario
    session_state[START_SCENARIO] = scenario
    session_state[ITERATION] = 0
    session_state[ERROR_HISTORY] = []
    session_state[PRACTICE_FEEDBACK] = {}  # new numbers: earlier answers no longer apply
    if restart:
        session_state[PRACTICE_SCORE] = {}
        for key in STEP_KEYS:
            session_state[key] = 0


def apply_update(session_state: MutableMapping[str, Any], trace: Trace) -> None:
    """Take the traced update: the next scenario, one more iteration, its error recorded."""
    session_state[ERROR_HISTORY] = [*session_state[ERROR_HISTORY], trace["E_total"]]
    session_state[SCENARIO] = trace.next_scenario()
    session_state[PRACTICE_FEEDBACK] = {}
    session_state[ITERATION] += 1


def back_to_start(session_state: MutableMapping[str, Any]) -> None:
    """Return to the scenario the iterations started from."""
    set_scenario(session_state, session_state[START_SCENARIO])


def copy_widget(session_state: MutableMapping[str, Any], widget_key: str, key: str) -> None:
    """on_change callback: copy a widget's value to its canonical key."""
    session_state[key] = session_state[widget_key]


def slider_key(step_key: str) -> str:
    """Key of the step slider that mirrors a stepper's position (1-based)."""
    return f"{step_key}.slider"


# --- the computational-graph page ------------------------------------------------------
GRAPH_EXAMPLE: Final = "graph.example"
GRAPH_CHAIN_NAME: Final = "graph.chain_name"


def graph_step_key(example: str) -> str:
    """Stepper position of one example graph (each example remembers its own place)."""
    return f"step.graph.{example}"


def graph_leaf_key(example: str, leaf: str) -> str:
    """Number input of one leaf of one example graph."""
    return f"graph.{example}.{leaf}"


# --- the activation-functions page ------------------------------------------------------
VANISHING_DEPTH: Final = "vanishing.depth"
VANISHING_ACTIVATIONS: Final = "vanishing.activations"


# --- the training page ------------------------------------------------------------------
TRAIN_ITERATIONS: Final = "train.iterations"
TRAIN_RESULT: Final = "train.result"  # ((scenario, n), History): kept until either changes
TRAIN_LOG: Final = "train.log_scale"
TRAIN_REPLAY: Final = "train.replay"


# --- the learning-rate page -------------------------------------------------------------
RATES_TEXT: Final = "rates.text"
RATES_VALID: Final = "rates.valid"  # the last list that parsed, kept while the text is bad
RATES_RESULT: Final = "rates.result"  # ((scenario, rates), [History]): kept until either changes


# --- the 1-1-1 chain-rule page ----------------------------------------------------------
CHAIN_PREFIX: Final = "chain."
CHAIN_LOSS: Final = "chain.loss"


# --- the gradient-descent landscape page ------------------------------------------------
LAND_P: Final = "landscape.p"
LAND_Q: Final = "landscape.q"
LAND_SPAN: Final = "landscape.span"
LAND_STEP: Final = "landscape.step"
LAND_ONE: Final = "landscape.one"


# --- import and export --------------------------------------------------------------------
UPLOAD_WIDGET: Final = "upload.widget"
UPLOAD_OUTCOME: Final = "upload.outcome"  # ("loaded" | "rejected", ScenarioError | None, name)


# --- lessons shared by link -------------------------------------------------------------
LESSON_PARAM: Final = "lesson"
LESSON_APPLIED: Final = "lesson.applied"  # the link already applied in this session
LESSON_ERROR: Final = "lesson.error"
HIDDEN: Final = "lesson.hidden"  # panels the lesson hides
PRESENTATION: Final = "lesson.presentation"
HIDDEN_WIDGET: Final = "lesson.hidden_widget"
PRESENTATION_WIDGET: Final = "lesson.presentation_widget"
# The step a link records is the one of the page it points at.
PAGE_STEP_KEYS: Final = MappingProxyType({"forward": STEP_FORWARD, "backward": STEP_BACKWARD,
                                          "update": STEP_UPDATE})


def apply_lesson(session_state: MutableMapping[str, Any], param: str | None) -> None:
    """Apply a ?lesson= link once per session: all of it, or (if it is bad) none of it.

    A bad link leaves the worked example in place and keeps the reason for the page to show.
    """
    if not param or session_state.get(LESSON_APPLIED) == param:
        return
    session_state[LESSON_APPLIED] = param
    session_state[FIELD_ERRORS] = {}
    try:
        lesson = decode(param)
    except LessonError as err:
        session_state[LESSON_ERROR] = err
        set_scenario(session_state, Scenario.worked_example(), restart=True)
        return
    session_state[LESSON_ERROR] = None
    set_scenario(session_state, lesson.scenario, restart=True)
    for key in STEP_KEYS:
        session_state[key] = lesson.step
    session_state[PRECISION] = lesson.precision
    session_state[HIDDEN] = lesson.hidden
    session_state[PRESENTATION] = lesson.presentation
    session_state[EXERCISE_SEED] = lesson.seed
    if lesson.builder is not None:
        set_builder_recipe(session_state, lesson.builder)


def is_hidden(session_state: Mapping[str, Any], panel: str) -> bool:
    """True when the lesson hides this panel (table, formula, editor, finite_difference)."""
    return panel in session_state.get(HIDDEN, ())


def current_lesson(session_state: Mapping[str, Any], page: str) -> Lesson:
    """What a link to this page, now, should reproduce."""
    step_key = PAGE_STEP_KEYS.get(page)
    return Lesson(session_state[SCENARIO], session_state.get(step_key, 0) if step_key else 0,
                  session_state[PRECISION], tuple(session_state.get(HIDDEN, ())),
                  bool(session_state.get(PRESENTATION, False)),
                  session_state.get(EXERCISE_SEED),
                  builder_recipe(session_state) if page == BUILDER_PAGE else None)


# --- practice mode ----------------------------------------------------------------------
PRACTICE: Final = "practice.on"
PRACTICE_FEEDBACK: Final = "practice.feedback"  # "page:index" → right | wrong | shown | empty
PRACTICE_SCORE: Final = "practice.score"  # phase → (right, answered)
EXERCISE_SEED: Final = "practice.seed"
EXERCISE_SEED_WIDGET: Final = "practice.seed_widget"


def practice_answer_key(page: str, index: int) -> str:
    """The answer box of one step of one page."""
    return f"practice.answer.{page}.{index}"


# --- the network-builder page ---------------------------------------------------------------
# The canonical Recipe lives under BUILDER_RECIPE and survives page switches (Streamlit drops
# the value of a widget that a run does not draw). Every builder run first sets the widgets
# from it; each widget's on_change (sync_builder) copies the edit back into it.
BUILDER_RECIPE: Final = "builder.recipe"
BUILDER_DATASET: Final = "builder.dataset"
BUILDER_POINTS: Final = "builder.points"
BUILDER_NOISE: Final = "builder.noise"
BUILDER_TEST_SHARE: Final = "builder.test_share"
BUILDER_DATA_SEED: Final = "builder.data_seed"
BUILDER_LAYERS: Final = "builder.layers"
BUILDER_OUTPUT: Final = "builder.output"
BUILDER_LOSS: Final = "builder.loss"
BUILDER_ETA: Final = "builder.eta"
BUILDER_EPOCHS: Final = "builder.epochs"
BUILDER_BATCH: Final = "builder.batch"
BUILDER_SEED: Final = "builder.seed"
BUILDER_RESULT: Final = "builder.result"  # (Recipe, Run): the last run that could be trained
MICRO_WHEN: Final = "micro.when"
MICRO_BATCH: Final = "micro.batch"
MICRO_LAYER: Final = "micro.layer"
BUILDER_PAGE: Final = "network-builder"  # its url_path: a link to it carries the recipe
NEW_LAYER: Final = (8, "tanh")  # what a hidden layer starts as when the stack grows


def builder_layer_key(k: int, what: str) -> str:
    """Width ("width") or activation ("activation") widget of hidden layer k (0-based)."""
    return f"builder.{what}.{k}"


def micro_unit_key(what: str, layer: int, units: int) -> str:
    """The from-/to-unit choice of the followed weight; the key carries the layer and its
    size, so a choice never outlives the options it was made from."""
    return f"micro.{what}.{layer}.{units}"


def builder_widgets(recipe: Recipe) -> dict[str, Any]:
    """Every builder widget's value that shows ``recipe`` (all possible hidden layers)."""
    d, arch = recipe.data, recipe.arch
    values: dict[str, Any] = {
        BUILDER_DATASET: d.name, BUILDER_POINTS: d.n, BUILDER_NOISE: d.noise,
        BUILDER_TEST_SHARE: d.test_fraction, BUILDER_DATA_SEED: d.seed,
        BUILDER_LAYERS: len(arch.hidden), BUILDER_OUTPUT: arch.output, BUILDER_LOSS: arch.loss,
        BUILDER_ETA: recipe.eta, BUILDER_EPOCHS: recipe.epochs, BUILDER_BATCH: recipe.batch,
        BUILDER_SEED: recipe.seed}
    layers = list(zip(arch.hidden, arch.activations, strict=True))
    for k in range(HIDDEN_LAYERS.hi):
        width, activation = layers[k] if k < len(layers) else NEW_LAYER
        values[builder_layer_key(k, "width")] = width
        values[builder_layer_key(k, "activation")] = activation
    return values


def show_builder_recipe(session_state: MutableMapping[str, Any]) -> None:
    """Set every builder widget from the canonical recipe (unused layers: a new layer's)."""
    session_state.update(builder_widgets(session_state.get(BUILDER_RECIPE, Recipe())))


def sync_builder(session_state: MutableMapping[str, Any]) -> None:
    """on_change of every builder widget: the widgets' recipe becomes the canonical one."""
    session_state[BUILDER_RECIPE] = builder_recipe(session_state)


def set_builder_recipe(session_state: MutableMapping[str, Any], recipe: Recipe) -> None:
    """Make ``recipe`` the builder's, widgets included (a lesson link does this)."""
    session_state[BUILDER_RECIPE] = recipe
    show_builder_recipe(session_state)


def builder_recipe(session_state: Mapping[str, Any]) -> Recipe:
    """The recipe the builder's widgets show now (the canonical one where a widget is gone)."""
    v = {**builder_widgets(session_state.get(BUILDER_RECIPE, Recipe())),
         **{k: session_state[k] for k in builder_widgets(Recipe()) if k in session_state}}
    layers = range(int(v[BUILDER_LAYERS]))
    return Recipe(
        Architecture(tuple(int(v[builder_layer_key(k, "width")]) for k in layers),
                     tuple(v[builder_layer_key(k, "activation")] for k in layers),
                     v[BUILDER_OUTPUT], v[BUILDER_LOSS]),
        DataSpec(v[BUILDER_DATASET], int(v[BUILDER_POINTS]), float(v[BUILDER_NOISE]),
                 int(v[BUILDER_DATA_SEED]), float(v[BUILDER_TEST_SHARE])),
        float(v[BUILDER_ETA]), int(v[BUILDER_EPOCHS]), int(v[BUILDER_BATCH]),
        int(v[BUILDER_SEED]))


# --- the handwritten-digits page -----------------------------------------------------------
DIGITS_HIDDEN: Final = "digits.hidden"
DIGITS_ETA: Final = "digits.eta"
DIGITS_EPOCHS: Final = "digits.epochs"
DIGITS_BATCH: Final = "digits.batch"
DIGITS_SEED: Final = "digits.seed"
DIGITS_PICK: Final = "digits.pick"
DIGITS_RESULT: Final = "digits.result"  # (settings, (network, curves, X_test, y_test))
DIGITS_SOURCE: Final = "digits.source"  # "uci" (the bundled 8×8 digits) or "mnist"
MNIST_FOLDER: Final = "mnist.folder"
MNIST_UPLOAD: Final = "mnist.upload"
MNIST_DATA: Final = "mnist.data"  # (source key, Mnist): the last data that loaded
MNIST_ATTEMPTS: Final = "mnist.attempts"  # field → (source key, IdxError | None): last try
MNIST_HIDDEN: Final = "mnist.hidden"
MNIST_ETA: Final = "mnist.eta"
MNIST_EPOCHS: Final = "mnist.epochs"
MNIST_BATCH: Final = "mnist.batch"
MNIST_SEED: Final = "mnist.seed"
MNIST_PICK: Final = "mnist.pick"
MNIST_RESULT: Final = "mnist.result"  # (settings incl. source key, (network, curves))
MNIST_TRAIN: Final = "mnist.train"  # the Train button
UCI_KEYS: Final = (DIGITS_HIDDEN, DIGITS_ETA, DIGITS_EPOCHS, DIGITS_BATCH, DIGITS_SEED)
MNIST_KEYS: Final = (MNIST_HIDDEN, MNIST_ETA, MNIST_EPOCHS, MNIST_BATCH, MNIST_SEED)
# Page widgets whose value outlives a visit to another page, with their defaults. Streamlit
# drops the value of a widget a run does not draw unless the run assigns it again, so
# keep_widgets does that on every page. These widgets take no value= of their own (Streamlit
# warns when a widget has both a default and a value set through Session State).
PAGE_DEFAULTS: Final = MappingProxyType({
    TRAIN_ITERATIONS: 10_000, TRAIN_LOG: True, RATES_TEXT: "0.05, 0.5, 5, 50",
    LAND_P: "w5", LAND_Q: "w6", LAND_SPAN: 4.0, LAND_STEP: 20, LAND_ONE: "w5",
    VANISHING_DEPTH: 8, VANISHING_ACTIVATIONS: ("sigmoid", "relu"),
    f"{CHAIN_PREFIX}x": 1.5, f"{CHAIN_PREFIX}w1": 0.8, f"{CHAIN_PREFIX}w2": -1.2,
    f"{CHAIN_PREFIX}y": 0.3, CHAIN_LOSS: "half_sse", GRAPH_EXAMPLE: "apples",
    # the digits: the bundled set's 64-32-10, and MNIST with the seed article's recipe
    DIGITS_SOURCE: "uci", MNIST_FOLDER: "",
    **dict(zip(UCI_KEYS, (32, 0.1, 20, 32, 0), strict=True)),
    **dict(zip(MNIST_KEYS, (128, 0.1, 20, 64, 0), strict=True)),
})


def keep_widgets(session_state: MutableMapping[str, Any]) -> None:
    """Give each kept widget its default once, then assign it to itself on every run, so a
    page switch does not drop it. A tuple default is handed out as a fresh list."""
    for key, default in PAGE_DEFAULTS.items():
        if key not in session_state:
            session_state[key] = list(default) if isinstance(default, tuple) else default
        else:
            session_state[key] = session_state[key]
