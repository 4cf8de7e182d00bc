"""Every per-user value the app keeps in ``st.session_state``: its key, its type, its start.

Grouped by feature, each name defined before it is used. Keys are module-level constants; no
per-user value lives at module level (Streamlit imports a module once for every session). A
computed result is a typed slot (tutor.serving.kept.KeptResult: ``slot.key`` is its session key, and
its inputs and result types are the slot's type parameters), computed once per server for
everyone who asks for the same inputs (tutor.serving.shared). The network builder's keys are in
tutor.builder.state.

How a value outlives a page switch (Streamlit drops the value of a widget that a run does not
draw), in one of two ways:

1. A kept widget (PAGE_DEFAULTS and keep_widgets, called by app.py on every run): the widget's
   own key holds the value in use; keep_widgets gives it its default once, then assigns it to
   itself on every run. Code that sets such a value (a lesson link) writes the widget's key
   before the widget is drawn. Every page setting is one: the training, learning-rate,
   landscape, activation, chain-rule, graph, builder and digits settings.
2. A mirrored widget: the value in use lives under a plain key and the widget, under a key of
   its own, is set from it on every run before it is drawn; the widget's on_change copies
   (``copy_widget``) or validates an edit back. Needed only where the widget's value and the
   value in use can differ. Every typed number field is one (tutor.ui.fields: the text box
   ``field_text_key(key)`` over the number under ``key``, which for page settings is itself
   a kept value of PAGE_DEFAULTS): a refused text stays on show beside its message while the
   last valid number stays in use; the sidebar editor's fields mirror the scenario the same
   way (Reset, a loaded file or *Apply* change it from elsewhere). The language, the
   precision and the lesson's panels are mirrored too (app.py, tutor/stepping/editor.py,
   tutor/lesson/share.py); nothing refuses them, so they could become kept widgets.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from streamlit.errors import StreamlitAPIException

from bpcore import Scenario, Trace
from tutor.builder import state as builder_state
from tutor.i18n import LANGUAGES
from tutor.lesson.codec import Fade, Lesson, LessonError, decode
from tutor.serving import shared
from tutor.serving.kept import KeptResult, SessionState


def copy_widget(session_state: SessionState, widget_key: str, key: str) -> None:
    """on_change of a mirrored widget: copy the widget's value to the value in use."""
    session_state[key] = session_state[widget_key]


# --- language and precision (every page) ------------------------------------------------------
LANG: Final = "lang"
LANG_WIDGET: Final = "lang_widget"  # mirrors LANG
PRECISION: Final = "precision"  # decimals shown, 2…10
PRECISION_WIDGET: Final = "precision_widget"  # mirrors PRECISION
DEFAULT_LANG: Final = "en"
DEFAULT_PRECISION: Final = 4


def lang_from_query(query_params: Mapping[str, Any]) -> str:
    """The language requested by ``?lang=``, or the default if absent/unknown."""
    value = query_params.get(LANG)
    return value if value in LANGUAGES else DEFAULT_LANG


def init_state(session_state: SessionState, query_params: Mapping[str, Any]) -> None:
    """Fill in defaults without overwriting anything already in ``session_state``."""
    if LANG not in session_state:
        session_state[LANG] = lang_from_query(query_params)
    if PRECISION not in session_state:
        session_state[PRECISION] = DEFAULT_PRECISION


# --- practice mode ----------------------------------------------------------------------------
PRACTICE: Final = "practice.on"
PRACTICE_FEEDBACK: Final = "practice.feedback"  # "page:index" → right | wrong | shown | empty
PRACTICE_SCORE: Final = "practice.score"  # phase → (right, answered)
EXERCISE_SEED: Final = "practice.seed"  # int | None: the exercise the scenario came from
EXERCISE_SEED_WIDGET: Final = "practice.seed_widget"


def practice_answer_key(page: str, index: int) -> str:
    """The answer box of one step of one page."""
    return f"practice.answer.{page}.{index}"


# --- learning by predicting: modes, predictions, feedback, the faded example
# (tutor/modes/predict.py,
# tutor/modes/fading.py, tutor/modes/practice.py)
# ----------------------------------------------------------
PREDICT: Final = "predict.on"  # toggle: predict each value before it is shown
FADE: Final = "fade.on"  # toggle: the faded worked example on the backward page
MODE_KEYS: Final = MappingProxyType({"practice": PRACTICE, "predict": PREDICT, "fade": FADE})
PRACTICE_SHOWN: Final = "practice.shown"  # phase → steps revealed by "Show me"
PRACTICE_ANSWERS: Final = "practice.answers"  # "page:index" → the last wrong answer (float)
PREDICTIONS: Final = "predict.made"  # "page:index" → Prediction (tutor.modes.predict)
FADE_STAGE: Final = "fade.stage"  # int: 0 (all worked) … bpcore.practice.FADE_STAGES − 1
FADE_DONE: Final = "fade.done"  # dict: blank name → "right" | "shown", this stage
FADE_SEED: Final = "fade.seed"  # int | None: the fresh network of the last stage
FADE_ANSWERS: Final = "fade.answers"  # blank name → the last wrong answer (float)


# A mode a Back / Forward brings after the toggles were drawn (Streamlit refuses to change a
# drawn widget's value): the sidebar turns it on before drawing them in the rerun that follows.
MODE_PENDING: Final = "mode.pending"


def mode(session_state: SessionState | Mapping[str, Any]) -> str:
    """The learning mode on: "practice", "predict", "fade", or "" (watching)."""
    if MODE_PENDING in session_state:
        return str(session_state[MODE_PENDING])
    return next((m for m, key in MODE_KEYS.items() if session_state.get(key)), "")


def set_mode(session_state: SessionState, chosen: str) -> None:
    """Turn ``chosen`` on and the other modes off ("" turns every mode off); a toggle already
    drawn in this run leaves the change pending for the next run (MODE_PENDING)."""
    for m, key in MODE_KEYS.items():
        if bool(session_state.get(key, False)) == (m == chosen):
            continue
        try:
            session_state[key] = m == chosen
        except StreamlitAPIException:
            session_state[MODE_PENDING] = chosen
            return


def hides_answers(session_state: SessionState | Mapping[str, Any]) -> bool:
    """True in a mode where a stepping page's result waits for the learner: practice or
    predict (Play is off then; the faded example has no steps to play)."""
    return mode(session_state) in ("practice", "predict")


def fade_key(name: str) -> str:
    """The answer box of one blank of the faded example."""
    return f"fade.answer.{name}"


def fresh_fade(session_state: SessionState, stage: int = 0, done: tuple[str, ...] = (),
               seed: int | None = None) -> None:
    """Put the faded example at ``stage`` with the blanks ``done`` (each counted right)."""
    session_state[FADE_STAGE] = stage
    session_state[FADE_DONE] = dict.fromkeys(done, "right")
    session_state[FADE_SEED] = seed
    session_state[FADE_ANSWERS] = {}


# --- the worked example's scenario and where the learner is ----------------------------------
SCENARIO: Final = "scenario"  # Scenario: the one every page shows
START_SCENARIO: Final = "start_scenario"  # Scenario the iterations started from
ITERATION: Final = "iteration"  # int: updates applied since START_SCENARIO
ERROR_HISTORY: Final = "error_history"  # list[float]: E_total before each applied update
# Every typed number field's refusal, by the field's text-box key (tutor.ui.fields): kept until the
# field is corrected; Reset, a new exercise and a lesson link clear them all.
FIELD_ERRORS: Final = "field_errors"
# What the learner typed into a field, by text-box key, while it is the value in use (it is
# shown as typed; any other value shows in the app's number style).
FIELD_TYPED: Final = "field_typed"
EDIT_PREFIX: Final = "edit."  # + field name: the editor's mirrored number inputs
TRAIN_BIASES_WIDGET: Final = "train_biases_widget"  # mirrors the scenario's train_biases
STEP_FORWARD: Final = "step.forward"
STEP_BACKWARD: Final = "step.backward"
STEP_UPDATE: Final = "step.update"
STEP_KEYS: Final = (STEP_FORWARD, STEP_BACKWARD, STEP_UPDATE)
SHOW_FD: Final = "show_finite_difference"
# the step's NumPy in place of the diagram (tutor/lesson/codeview.py)
SHOW_CODE: Final = "show_code"

# --- stepping: Play, and the page this run shows (tutor/stepping/stepper.py) ----------------------
PAGE_NOW: Final = "page.now"  # url_path of the page this run shows; app.py sets it
PLAYING: Final = "play.on"  # (url_path, step key) that Play is advancing, or None
PLAY_SPEED: Final = "play.speed"  # seconds per step while playing
PLAY_SPEED_WIDGET: Final = "play.speed_widget"
PLAY_DRAWN: Final = "play.drawn"  # set by a full run just before it draws Play's clock
PLAY_LAST: Final = "play.last"  # time.monotonic() of Play's last move
UPDATE_APPLIED: Final = "update.applied"  # set by Apply, shown once by the update page


def field_text_key(canonical_key: str) -> str:
    """The text box that edits the number kept under ``canonical_key`` (tutor.ui.fields)."""
    return f"{canonical_key}.text"


def field_default_key(canonical_key: str) -> str:
    """The default the number under ``canonical_key`` started from (a new default replaces it)."""
    return f"{canonical_key}.default"


def slider_key(step_key: str) -> str:
    """Key of the step slider that mirrors a stepper's position (1-based)."""
    return f"{step_key}.slider"


def set_scenario(session_state: SessionState, scenario: Scenario, restart: bool = False) -> None:
    """Make ``scenario`` the one every page shows; it becomes the start of the iterations.

    ``restart`` also sends every stepper back to its first step (Reset does that; an edit
    keeps the learner's place so the effect of the edit shows where they are).
    """
    session_state[SCENARIO] = scenario
    session_state[START_SCENARIO] = scenario
    session_state[ITERATION] = 0
    session_state[ERROR_HISTORY] = []
    session_state[PRACTICE_FEEDBACK] = {}  # new numbers: earlier answers no longer apply
    session_state[PRACTICE_ANSWERS] = {}
    session_state[PREDICTIONS] = {}
    if restart:
        session_state[PRACTICE_SCORE] = {}
        session_state[PRACTICE_SHOWN] = {}
        for key in STEP_KEYS:
            session_state[key] = 0


def init_scenario(session_state: SessionState) -> None:
    """The worked example, iteration 0 and no rejected fields, unless already set."""
    if SCENARIO not in session_state:
        session_state[FIELD_ERRORS] = {}
        set_scenario(session_state, Scenario.worked_example(), restart=True)


def apply_update(session_state: SessionState, trace: Trace) -> None:
    """Take the traced update: the next scenario, one more iteration, its error recorded."""
    session_state[ERROR_HISTORY] = [*session_state[ERROR_HISTORY], trace["E_total"]]
    session_state[SCENARIO] = trace.next_scenario()
    session_state[PRACTICE_FEEDBACK] = {}
    session_state[PRACTICE_ANSWERS] = {}
    session_state[PREDICTIONS] = {}
    session_state[ITERATION] += 1


def back_to_start(session_state: SessionState) -> None:
    """Return to the scenario the iterations started from."""
    set_scenario(session_state, session_state[START_SCENARIO])


# --- import and export ------------------------------------------------------------------------
UPLOAD_WIDGET: Final = "upload.widget"
UPLOAD_OUTCOME: Final = "upload.outcome"  # ("loaded" | "rejected", ScenarioError | None, name)


# --- the computational-graph page -------------------------------------------------------------
GRAPH_EXAMPLE: Final = "graph.example"
GRAPH_CHAIN_NAME: Final = "graph.chain_name"
GRAPH_REVERSE_STEP: Final = "step.graph.reverse"  # the reverse network's stepper position


def graph_step_key(example: str) -> str:
    """Stepper position of one example graph (each example remembers its own place)."""
    return f"step.graph.{example}"


def graph_leaf_key(example: str, leaf: str) -> str:
    """Number input of one leaf of one example graph."""
    return f"graph.{example}.{leaf}"


# --- bug hunts (the graph page and the builder's microscope tab; tutor/modes/bughunt.py)
# -----------
BUGHUNT_TRIED: Final = "bughunt.tried"  # hunt key → tuple of the lines picked (0-based), in order
BUGHUNT_SHOWN: Final = "bughunt.shown"  # tuple of the hunt keys whose bug "Show me" revealed


def bughunt_line_key(hunt: str, line: int) -> str:
    """The button that picks one line of one hunt as the one with the bug."""
    return f"bughunt.{hunt}.line.{line}"


def bughunt_show_key(hunt: str) -> str:
    """The "Show me" button of one hunt."""
    return f"bughunt.{hunt}.show"


# --- the activation-functions page ------------------------------------------------------------
VANISHING_DEPTH: Final = "vanishing.depth"
VANISHING_ACTIVATIONS: Final = "vanishing.activations"


# --- the 1-1-1 chain-rule page ----------------------------------------------------------------
CHAIN_PREFIX: Final = "chain."  # + x, w1, w2, y
CHAIN_LOSS: Final = "chain.loss"


# --- the training page ------------------------------------------------------------------------
TRAIN_ITERATIONS: Final = "train.iterations"
TRAIN_LOG: Final = "train.log_scale"
TRAIN_REPLAY: Final = "train.replay"  # the iteration the replay slider shows
TRAIN_RESULT: Final = KeptResult("train.result", shared.TRAINING)  # (scenario, n) → History


# --- runs the server's worker pool refused (tutor.serving.pool, tutor.serving.busy)
# ---------------------------
POOL_RETRY: Final = "pool.retry"  # the Try again button under a refused run


# --- the learning-rate page -------------------------------------------------------------------
RATES_TEXT: Final = "rates.text"
RATES_VALID: Final = "rates.valid"  # tuple[float, ...]: the last list that parsed
RATES_ITERATIONS: Final = "rates.iterations"  # no widget: a page default tests may preset
RATES_RESULT: Final = KeptResult("rates.result", shared.RATES)  # (scenario, rates, n) → runs
RATES_PROBLEM: Final = "rates.problem"  # "bowl" (the default: it shows the lesson) | "worked"
BOWL_A: Final = "rates.bowl.a"  # the bowl's curvature a (a typed field)
BOWL_TEXT: Final = "rates.bowl.text"  # the bowl's rates, as typed
BOWL_VALID: Final = "rates.bowl.valid"  # tuple[float, ...]: the last bowl list that parsed
BOWL_ITERATIONS: Final = "rates.bowl.iterations"  # no widget: a page default
BOWL_RESULT: Final = KeptResult("rates.bowl.result", shared.BOWLS)  # (bowl, rates, n) → runs


# --- the gradient-descent landscape page ------------------------------------------------------
LAND_P: Final = "landscape.p"
LAND_Q: Final = "landscape.q"
LAND_SPAN: Final = "landscape.span"
LAND_STEP: Final = "landscape.step"
LAND_ONE: Final = "landscape.one"
LAND_FIT: Final = "landscape.fit"  # bool: the slice's span fits the update's step
LAND_RESULT: Final = KeptResult("landscape.result", shared.LANDSCAPES)  # → path and grid
LAND_SLICE: Final = KeptResult("landscape.slice", shared.SLICES)  # (scenario, w, span) → Slice


# --- the handwritten-digits page --------------------------------------------------------------
DIGITS_SOURCE: Final = "digits.source"  # "uci" (8×8), "subset" (bundled MNIST) or "mnist"
DIGITS_HIDDEN: Final = "digits.hidden"
DIGITS_ETA: Final = "digits.eta"
DIGITS_EPOCHS: Final = "digits.epochs"
DIGITS_BATCH: Final = "digits.batch"
DIGITS_SEED: Final = "digits.seed"
DIGITS_PICK: Final = "digits.pick"
UCI_KEYS: Final = (DIGITS_HIDDEN, DIGITS_ETA, DIGITS_EPOCHS, DIGITS_BATCH, DIGITS_SEED)
DIGITS_RESULT: Final = KeptResult("digits.result", shared.DIGITS_RUNS)  # settings → DigitsRun
MNIST_FOLDER: Final = "mnist.folder"
MNIST_UPLOAD: Final = "mnist.upload"
MNIST_ATTEMPTS: Final = "mnist.attempts"  # field → (source key, IdxError | None): last try
MNIST_DATA: Final = KeptResult("mnist.data", shared.MNIST_SETS)  # MnistFiles → Mnist
MNIST_HIDDEN: Final = "mnist.hidden"
MNIST_ETA: Final = "mnist.eta"
MNIST_EPOCHS: Final = "mnist.epochs"
MNIST_BATCH: Final = "mnist.batch"
MNIST_SEED: Final = "mnist.seed"
MNIST_PICK: Final = "mnist.pick"
MNIST_TRAIN: Final = "mnist.train"  # the Train button
MNIST_KEYS: Final = (MNIST_HIDDEN, MNIST_ETA, MNIST_EPOCHS, MNIST_BATCH, MNIST_SEED)
MNIST_RESULT: Final = KeptResult("mnist.result", shared.MNIST_RUNS)  # MnistRun → DigitsRun

# --- the digits page: the bundled MNIST subset and a drawn digit (owner: digits) ------------
SUBSET_HIDDEN: Final = "subset.hidden"
SUBSET_ETA: Final = "subset.eta"
SUBSET_EPOCHS: Final = "subset.epochs"
SUBSET_BATCH: Final = "subset.batch"
SUBSET_SEED: Final = "subset.seed"
SUBSET_PICK: Final = "subset.pick"
SUBSET_KEYS: Final = (SUBSET_HIDDEN, SUBSET_ETA, SUBSET_EPOCHS, SUBSET_BATCH, SUBSET_SEED)
SUBSET_RESULT: Final = KeptResult("subset.result", shared.SUBSET_RUNS)  # settings → DigitsRun
DRAW_CANVAS: Final = "digits.canvas"  # the drawing component's own state (its last drawing)
DRAW_LABEL: Final = "digits.draw_label"  # the target digit δ is computed for (None: the guess)


# --- kept widgets: every page setting and its default -----------------------------------------
# These widgets take no value= of their own (Streamlit warns when a widget has both a default
# and a value set through Session State). A tuple default is handed out as a fresh list.
PAGE_DEFAULTS: Final = MappingProxyType({
    TRAIN_ITERATIONS: 10_000, TRAIN_LOG: True,
    RATES_TEXT: "0.05, 0.5, 5, 50", RATES_ITERATIONS: 10_000,
    # the bowl a = 2 (thresholds 1/a = 0.5, 2/a = 1): a rate that crawls, a good one, one that
    # oscillates in and one that diverges, each so called by bpcore.descent.verdict
    RATES_PROBLEM: "bowl", BOWL_A: 2.0, BOWL_TEXT: "0.02, 0.3, 0.8, 1.1", BOWL_ITERATIONS: 30,
    LAND_P: "w5", LAND_Q: "w6", LAND_SPAN: 4.0, LAND_STEP: 20, LAND_ONE: "w5", LAND_FIT: True,
    VANISHING_DEPTH: 8, VANISHING_ACTIVATIONS: ("sigmoid", "relu"),
    # the 1-1-1 chain: ŷ = 0.2845 far from y = 0.9, so J and every factor read at 4 decimals
    # and ∂J/∂w1 (through σ′(z1) = 0.18 and w2 < 0) is smaller than ∂J/∂w2 and of the other sign
    f"{CHAIN_PREFIX}x": 1.5, f"{CHAIN_PREFIX}w1": 0.8, f"{CHAIN_PREFIX}w2": -1.2,
    f"{CHAIN_PREFIX}y": 0.9, CHAIN_LOSS: "half_sse", GRAPH_EXAMPLE: "apples",
    SHOW_CODE: False,  # the forward, backward and update pages share it
    **builder_state.BUILDER_DEFAULTS,  # the default Recipe, every possible layer included
    # the digits: the bundled set's 64-32-10, and MNIST with the seed article's recipe
    DIGITS_SOURCE: "uci", MNIST_FOLDER: "",
    **dict(zip(UCI_KEYS, (32, 0.1, 20, 32, 0), strict=True)),
    **dict(zip(MNIST_KEYS, (128, 0.1, 20, 64, 0), strict=True)),
    **dict(zip(SUBSET_KEYS, (128, 0.1, 20, 64, 0), strict=True)),  # seed 004's recipe
})


def keep_widgets(session_state: SessionState) -> None:
    """Give each kept widget its default once, then assign it to itself on every run, so a
    page switch does not drop it."""
    for key, default in PAGE_DEFAULTS.items():
        if key not in session_state:
            session_state[key] = list(default) if isinstance(default, tuple) else default
        else:
            session_state[key] = session_state[key]


# --- lessons shared by link (they set values of every group above) ----------------------------
LESSON_PARAM: Final = "lesson"  # the URL parameter
LESSON_APPLIED: Final = "lesson.applied"  # the link already applied in this session
LESSON_ERROR: Final = "lesson.error"  # LessonError | None: why the link was refused
# url_state: the values it wrote to ?lesson= (and the link applied before): never re-applied
LESSON_WRITTEN: Final = "lesson.written"
HIDDEN: Final = "lesson.hidden"  # panels the lesson hides
PRESENTATION: Final = "lesson.presentation"
HIDDEN_WIDGET: Final = "lesson.hidden_widget"  # mirrors HIDDEN
PRESENTATION_WIDGET: Final = "lesson.presentation_widget"  # mirrors PRESENTATION
# The step a link records is the one of the page it points at.
PAGE_STEP_KEYS: Final = MappingProxyType({"forward": STEP_FORWARD, "backward": STEP_BACKWARD,
                                          "update": STEP_UPDATE})


def apply_lesson(session_state: SessionState, param: str | None) -> None:
    """Apply a ?lesson= link once per session: all of it, or (if it is bad) none of it.

    A bad link leaves the worked example in place and keeps the reason for the page to show.
    """
    if (not param or session_state.get(LESSON_APPLIED) == param
            or param in session_state.get(LESSON_WRITTEN, ())):
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
    if lesson.seed is not None:  # the seed box shows it, and New exercise goes on from it
        session_state[EXERCISE_SEED_WIDGET] = lesson.seed
    set_mode(session_state, lesson.mode)
    fresh_fade(session_state, lesson.fade.stage, lesson.fade.done, lesson.fade.seed)
    if lesson.builder is not None:
        builder_state.set_builder_recipe(session_state, lesson.builder)


def is_hidden(session_state: SessionState, panel: str) -> bool:
    """True when the lesson hides this panel (table, formula, editor, finite_difference)."""
    return panel in session_state.get(HIDDEN, ())


def current_lesson(session_state: SessionState, page: str) -> Lesson:
    """What a link to this page, now, should reproduce."""
    step_key = PAGE_STEP_KEYS.get(page)
    return Lesson(session_state[SCENARIO], session_state.get(step_key, 0) if step_key else 0,
                  session_state[PRECISION], tuple(session_state.get(HIDDEN, ())),
                  bool(session_state.get(PRESENTATION, False)),
                  session_state.get(EXERCISE_SEED),
                  builder_state.builder_recipe(session_state)
                  if page == builder_state.BUILDER_PAGE else None,
                  mode(session_state),
                  Fade(int(session_state.get(FADE_STAGE, 0)),
                       tuple(session_state.get(FADE_DONE, {})), session_state.get(FADE_SEED)))


# --- live classroom: the teacher's room and a student following it (tutor/live/ui.py) --------
JOIN_PARAM: Final = "join"  # ?join=CODE: the link a student opens
LIVE_TEACHER: Final = "live.teacher"  # tutor.live.room.Teacher: only the teacher's session
LIVE_ROOMS_MADE: Final = "live.rooms_made"  # int: rooms this session started (a limit)
LIVE_SHOWN: Final = "live.shown"  # (page, lesson) the teacher last pushed to the room
LIVE_ASK_KIND: Final = "live.ask_kind"  # radio: "practice" | "predict"
LIVE_JOIN_SCREEN: Final = "live.join_screen"  # bool: the join screen in the page's place
LIVE_DISMISSED: Final = "live.dismissed"  # id of the revealed question set aside here
LIVE_REFUSAL: Final = "live.refusal"  # CodedError | None: the last refused live action
LIVE_STUDENT: Final = "live.student"  # this browser session's random student id
LIVE_CODE: Final = "live.code"  # the code of the room this session joined
LIVE_FOLLOWING: Final = "live.following"  # bool: following (else exploring on its own)
LIVE_SEEN: Final = "live.seen"  # int | None: the room version this session last read
LIVE_VIEW: Final = "live.view"  # (page, lesson) of the teacher's last applied here
LIVE_ENDED: Final = "live.ended"  # "closed" | "gone" | None: the joined room is over
LIVE_JOIN_TRIED: Final = "live.join_tried"  # the ?join= code already tried this session
LIVE_JOIN_WIDGET: Final = "live.join_widget"  # the typed class code
LIVE_NICKNAME: Final = "live.nickname"  # the optional nickname (text box)
LIVE_SENT: Final = "live.sent"  # question id → the answer text this session sent
LIVE_QUESTION: Final = "live.question"  # Question | None: the room's, as this session last read


def live_answer_key(question_id: str, part: str) -> str:
    """An answer widget of one live question: part number, sign or size."""
    return f"live.answer.{question_id}.{part}"
