"""A lesson as one URL parameter: scenario, step, precision, hidden panels, presentation mode,
the learning mode (practice, predict, faded example) with the faded example's progress (of the
network the link steps: the worked example's blanks by name, another's by QName id), the
network the stepping pages step (a preset id, "n"; absent: the worked example, as in every
older link), and on the network builder its recipe.

The page lives in the URL's path and the language in ?lang=, both readable; everything else
is ?lesson=<base64url(zlib(json))>, versioned. Decoding is strict and all-or-nothing: a
malformed, tampered or oversized link raises LessonError and applies nothing. Every bound is
checked before the step it protects: the link's length before base64, the inflated size
during zlib, the JSON's nesting depth before json.loads, each value's type before it is used.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from dataclasses import dataclass
from typing import Any

from bpcore import Scenario, ScenarioError
from bpcore.builder import BuilderError
from bpcore.errors import CodedError, check_json_depth
from bpcore.limits import DECIMALS, SEED
from bpcore.netspec import NetSpec
from bpcore.practice import FADE_CHAIN, FADE_STAGES, fade_stages, net_fade_chain
from bpcore.presets import DEFAULT as DEFAULT_NET
from bpcore.presets import OWN, PRESETS, preset
from bpcore.recipe import Recipe
from bpcore.scenario import FORMAT
from bpcore.scenario import VERSION as SCENARIO_VERSION
from bpcore.stepper_trace import trace_net

VERSION = 2  # 2 added "m" (the learning mode) and "f" (the faded example's progress)
VERSIONS = (1, 2)  # every version still decoded: a version-1 link has neither (watching)
MAX_LINK_CHARS = 2048  # a lesson encodes to ~300 characters, ~500 with a builder recipe
MAX_INFLATED = 8192  # refuse to inflate past this: a tiny link must not become a huge string
PANELS = ("table", "formula", "editor", "finite_difference")
# The largest own network (4-4-4-4-4, 4 samples) has 453 steps on its backward page (the error
# and 432 backward steps): a link to any of them opens. The bound only refuses absurd numbers.
MAX_STEP = 999
PAYLOAD_KEYS = ("v", "s", "step", "p", "h", "pm", "sd", "b", "m", "f", "n")
MODES = ("", "practice", "predict", "fade")  # "": watching, every result shown
MAX_FADE_STAGE = FADE_STAGES - 1


@dataclass(frozen=True)
class Fade:
    """Where a learner is in the faded worked example: the stage (0 = all worked), the blanks
    of this stage already done, and the fresh network's exercise number (last stage)."""

    stage: int = 0
    done: tuple[str, ...] = ()
    seed: int | None = None


class LessonError(CodedError):
    """Why a lesson link was refused: field "lesson", code too_long, too_deep, corrupt,
    version, scenario (with the scenario's own refusal) or builder; said by lesson.error.<code>.
    """

    def __init__(self, code: str, scenario_error: ScenarioError | None = None) -> None:
        super().__init__("lesson", code)
        self.scenario_error = scenario_error


@dataclass(frozen=True)
class Lesson:
    """What a shared link reproduces beside the page and the language."""

    scenario: Scenario
    step: int = 0
    precision: int = 4
    hidden: tuple[str, ...] = ()
    presentation: bool = False
    seed: int | None = None  # the practice exercise this scenario came from, if any
    builder: Recipe | None = None  # the network builder's data, layers and training
    mode: str = ""  # one of MODES
    fade: Fade = Fade()
    net: str = DEFAULT_NET  # the stepped network: a key of bpcore.presets.PRESETS, or OWN
    own: NetSpec | None = None  # with net OWN: the learner's own network, every number


def encode(lesson: Lesson) -> str:
    """The lesson as a compact, URL-safe string."""
    scenario = {k: v for k, v in lesson.scenario.to_dict().items()
                if k not in ("format", "version")}
    payload = {"v": VERSION, "s": scenario, "step": lesson.step, "p": lesson.precision,
               "h": list(lesson.hidden), "pm": lesson.presentation, "sd": lesson.seed}
    if lesson.builder is not None:
        payload["b"] = lesson.builder.to_dict()
    if lesson.mode:
        payload["m"] = lesson.mode
    if lesson.fade != Fade():
        payload["f"] = [lesson.fade.stage, list(lesson.fade.done), lesson.fade.seed]
    if lesson.net == OWN and lesson.own is not None:
        payload["n"] = {"own": lesson.own.to_dict()}
    elif lesson.net != DEFAULT_NET:  # the worked example's links stay as they were
        payload["n"] = lesson.net
    raw = zlib.compress(json.dumps(payload, separators=(",", ":")).encode(), 9)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _payload(text: str) -> dict[str, Any]:
    if len(text) > MAX_LINK_CHARS:
        raise LessonError("too_long")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        inflater = zlib.decompressobj()
        data = inflater.decompress(raw, MAX_INFLATED)
        if inflater.unconsumed_tail or not inflater.eof:
            raise LessonError("corrupt")

        def reject(literal: str) -> None:
            raise LessonError("corrupt")

        text = data.decode("utf-8")
        try:
            check_json_depth("lesson", text)
        except CodedError:
            raise LessonError("too_deep") from None
        payload = json.loads(text, parse_constant=reject)
    except (binascii.Error, zlib.error, UnicodeDecodeError, json.JSONDecodeError,
            ValueError) as err:
        if isinstance(err, LessonError):
            raise
        raise LessonError("corrupt") from err
    if not isinstance(payload, dict) or set(payload) - set(PAYLOAD_KEYS):
        raise LessonError("corrupt")
    if payload.get("v") not in VERSIONS:
        raise LessonError("version")
    return payload


def decode(text: str) -> Lesson:
    """The lesson in a link, or LessonError; nothing is applied from a bad link."""
    payload = _payload(text)
    numbers = payload.get("s", {})
    if not isinstance(numbers, dict):
        raise LessonError("scenario", ScenarioError("scenario", "not_object"))
    try:
        scenario = Scenario.from_dict({**numbers, "format": FORMAT, "version": SCENARIO_VERSION})
    except ScenarioError as err:
        raise LessonError("scenario", err) from err
    step, precision = payload.get("step", 0), payload.get("p", 4)
    hidden, presentation = payload.get("h", []), payload.get("pm", False)
    seed = payload.get("sd")
    try:
        builder = Recipe.from_dict(payload["b"]) if "b" in payload else None
    except BuilderError as err:
        raise LessonError("builder") from err
    ints_ok = all(isinstance(v, int) and not isinstance(v, bool) for v in (step, precision))
    seed_ok = seed is None or (isinstance(seed, int) and not isinstance(seed, bool)
                               and SEED.contains(seed))
    if not (ints_ok and seed_ok and 0 <= step <= MAX_STEP and DECIMALS.contains(precision)
            and isinstance(hidden, list) and all(h in PANELS for h in hidden)
            and isinstance(presentation, bool)):
        raise LessonError("corrupt")
    net, own = _network(payload.get("n", DEFAULT_NET))
    return Lesson(scenario, step, precision, tuple(dict.fromkeys(hidden)), presentation, seed,
                  builder, *_learning(payload, fade_keys(net, own)), net=net, own=own)


def fade_keys(net: str, own: NetSpec | None) -> tuple[str, ...]:
    """The keys of the blanks of ``net``'s faded example (its chain's names): the worked
    example's FADE_CHAIN, another network's chain to w^L_11's update by QName id; none for
    "own" without its numbers (the network on screen, unknown to the link)."""
    if net == DEFAULT_NET:
        return FADE_CHAIN
    spec = own if net == OWN else preset(net)
    if spec is None:
        return ()
    return tuple(q.id for q in net_fade_chain(trace_net(spec)))


def _network(value: Any) -> tuple[str, NetSpec | None]:
    """The stepped network of a payload's "n": a preset's id, "own" (start from the network
    on screen), or {"own": a NetSpec as NetSpec.to_dict writes it}, checked whole."""
    if isinstance(value, str) and (value in PRESETS or value == OWN):
        return value, None
    if isinstance(value, dict) and list(value) == ["own"]:
        try:
            return OWN, NetSpec.from_dict(value["own"])
        except CodedError as err:
            raise LessonError("corrupt") from err
    raise LessonError("corrupt")


def _whole(value: Any, lo: int, hi: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi


def _learning(payload: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, Fade]:
    """The learning mode and the faded example's progress (absent before version 2), its
    blanks done among ``keys`` (fade_keys of the link's network)."""
    mode, fade = payload.get("m", ""), payload.get("f", [0, [], None])
    if payload.get("v") == 1 and ("m" in payload or "f" in payload):
        raise LessonError("corrupt")
    if mode not in MODES or not (isinstance(fade, list) and len(fade) == 3):
        raise LessonError("corrupt")
    stage, done, seed = fade
    last = fade_stages(keys) - 1 if keys else MAX_FADE_STAGE
    if not (_whole(stage, 0, last) and isinstance(done, list)
            and all(isinstance(d, str) and d in keys for d in done)
            and (seed is None or _whole(seed, 0, 2**31 - 1))):
        raise LessonError("corrupt")
    return mode, Fade(stage, tuple(dict.fromkeys(done)), seed)
