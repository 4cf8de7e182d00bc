"""A live question's answers, graded the way practice mode and predictions grade them.

A question is one step of a stepping page (``page_steps``) of the network the class steps (the
worked example, a preset or the teacher's own network: a general trace's wrong numbers are
matched by bpcore.mistakes.net_diagnose and said as mistake.gen.<key>): "practice" asks for the
step's value (checked like practice mode: bpcore.practice.is_right at the display precision),
"predict" asks what Learn by predicting asks there — the value on the forward pass, a sign and
a size against the last value found on the backward pass (tutor.modes.predict.asks_number,
tutor.modes.predict.previous; bpcore.practice.sign_of, size_against). An answer travels as
text: the number (or the arithmetic giving it, bpcore.expr) as typed, or "positive bigger" for
a sign and a size. A wrong number is matched with the known mistake that gives it
(bpcore.mistakes.diagnose, at the precision it was typed to), and the class's answers are
grouped by it, so the teacher sees "7 took σ for σ′" rather than seven numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from bpcore import Formula, Scenario, Trace, trace_step
from bpcore.errors import CodedError
from bpcore.formula import Message
from bpcore.mistakes import Slip, diagnose, net_diagnose
from bpcore.netspec import NetSpec
from bpcore.practice import is_right, read_answer, sign_of, size_against
from bpcore.stepper_trace import NetStep, NetTrace, trace_net
from bpcore.steps import PAGE_PHASES  # the steps each page steps through
from tutor.modes.lens import Lens, NetLens, WorkedLens
from tutor.modes.predict import PAGES as PREDICTED_PAGES
from tutor.modes.predict import asks_number, previous
from tutor.serving.kept import Progress, SharedCache
from tutor.ui.netnotation import qtext

KINDS: Final = ("practice", "predict")
SIGNS: Final = ("positive", "negative")
SIZES: Final = ("bigger", "smaller")
CHOICES: Final = tuple(f"{sign} {size}" for sign in SIGNS for size in SIZES)
# A spreadsheet reads a cell that starts with one of these as a formula (or, tab and CR, as
# a cell that its next character starts): an exported text cell that does is prefixed "'".
FORMULA_LEADS: Final = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS: Final = 256  # a cell checked by the number pattern (answers are ≤ 64)
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)  # no nesting


AnyTrace = Trace | NetTrace  # the worked example's trace, or any other network's


def page_steps(trace: AnyTrace, page: str) -> tuple[Formula, ...]:
    """The steps ``page`` (forward, backward, update) steps through; () on any other page."""
    phases = PAGE_PHASES.get(page)
    return tuple(trace.phase_steps(*phases)) if phases else ()


def kinds_for(page: str) -> tuple[str, ...]:
    """The questions a page can ask: the value (every stepping page), a prediction (the
    forward and backward pass, as Learn by predicting)."""
    if page not in PAGE_PHASES:
        return ()
    return KINDS if page in PREDICTED_PAGES else ("practice",)


def lens_of(trace: AnyTrace, scope: str = "") -> Lens:
    """The learning modes' view of the network a question is asked on (its signs and sizes,
    its names, its slips): the worked example's, or another network's."""
    return WorkedLens(trace) if isinstance(trace, Trace) else NetLens(trace, scope)


def choices(trace: AnyTrace) -> tuple[str, ...]:
    """The sign-and-size answers a prediction on ``trace`` offers: CHOICES on the worked
    example; with "zero" and "same" on another network (a ReLU that is off passes 0)."""
    lens = lens_of(trace)
    return tuple(choice_text(sign, size) for sign in lens.signs for size in lens.sizes)


def asks_choice(step: Formula, kind: str) -> bool:
    """True when the answer is a sign and a size (a prediction on the backward pass)."""
    return kind == "predict" and not asks_number(step)


def choice_text(sign: str, size: str) -> str:
    """A sign and a size as the answer's text: "positive bigger"."""
    return f"{sign} {size}"


def number_of(text: str) -> float:
    """The number an answer's text is — a number or the arithmetic that gives it
    (bpcore.practice.read_answer) — or CodedError."""
    return read_answer(text).value


@dataclass(frozen=True)
class Graded:
    """One answer, graded: its number (or its choice), right or not, and the known mistake
    a wrong number matches. ``valid`` is False for a text that is neither."""

    text: str
    valid: bool
    right: bool
    number: float | None = None
    choice: str | None = None
    mistake: Message | None = None


def slip_message(slip: Slip, batch: int) -> Message:
    """A slip on a general trace as a Message (``mistake.gen.<key>``): its quantities written
    in the general notation, its registry names left for the reader's language (netnotation
    .name_in), so that answers are grouped and said like the worked example's."""
    return Message(f"mistake.gen.{slip.key}",
                   {**{k: qtext(q, batch) for k, q in slip.names.items()}, **slip.numbers})


def right_choice(trace: AnyTrace, step: Formula) -> str:
    """The true sign and size of ``step`` against the last value found, as a choice text."""
    return choice_text(sign_of(step.value), size_against(step.value, previous(trace, step).value))


def grade(trace: AnyTrace, step: Formula, kind: str, text: str, decimals: int) -> Graded:
    """Grade one answer's text to ``step`` asked as ``kind``, at ``decimals`` shown."""
    if asks_choice(step, kind):
        if text not in choices(trace):
            return Graded(text, False, False)
        return Graded(text, True, text == right_choice(trace, step), choice=text)
    try:
        reading = read_answer(text)
    except CodedError:
        return Graded(text, False, False)
    value = reading.value
    right = is_right(value, step.value, decimals)
    mistake: Message | None = None
    if right:
        pass
    elif isinstance(trace, Trace):
        mistake = diagnose(trace, step.name, value, decimals, reading.places)
    elif isinstance(step, NetStep) and step.qname is not None:
        slip = net_diagnose(trace, step.qname, value, decimals, reading.places)
        mistake = None if slip is None else slip_message(slip, trace.spec.samples)
    return Graded(text, True, right, number=value, mistake=mistake)


# the network (a scenario of the worked example, or another's spec), step name, kind, text,
# decimals
GradeKey = tuple[Scenario | NetSpec, str, str, str, int]


def _grade_of(key: GradeKey, _progress: Progress) -> Graded:
    """grade() of one key: the step is found by name in the network's trace (names are unique)."""
    network, name, kind, text, decimals = key
    trace = trace_step(network) if isinstance(network, Scenario) else trace_net(network)
    step = next(s for s in trace.steps if s.name == name)
    return grade(trace, step, kind, text, decimals)


# One grade per (scenario, step, kind, answer text, decimals) for the whole server: 200
# students who type the same number cost one grade (the update page's diagnosis takes
# ~14 ms), the teacher's tally every 1.5 s and each student's verdict after the reveal a
# lookup. Graded is frozen; the texts are bounded (MAX_ANSWER_CHARS) and so is the cache.
GRADES: SharedCache[GradeKey, Graded] = SharedCache("live_grades", _grade_of,
                                                    max_entries=4096, ttl_seconds=3600.0)


def grade_once(trace: AnyTrace, step: Formula, kind: str, text: str, decimals: int) -> Graded:
    """grade(trace, step, kind, text, decimals), made once per server and then looked up."""
    network = trace.scenario if isinstance(trace, Trace) else trace.spec
    return GRADES.get((network, step.name, kind, text, decimals))


@dataclass(frozen=True)
class Gathered:
    """What the class answered: how many, how many right, and the wrong numbers grouped by
    the mistake they match (most common first; None: no known mistake)."""

    answered: int
    right: int
    graded: tuple[Graded, ...]
    mistakes: tuple[tuple[Message, int], ...]

    @property
    def share_right(self) -> float:
        """right ÷ answered (0 when nobody answered)."""
        return self.right / self.answered if self.answered else 0.0


def _mistake_id(message: Message) -> tuple[str, tuple[tuple[str, str], ...]]:
    return message.key, tuple(sorted(message.params.items()))


def gather(graded: Sequence[Graded]) -> Gathered:
    """Count the class's graded answers; group the wrong numbers by their mistake."""
    counts: Counter[tuple[str, tuple[tuple[str, str], ...]]] = Counter()
    first: dict[tuple[str, tuple[tuple[str, str], ...]], Message] = {}
    for g in graded:
        if g.mistake is not None:
            ident = _mistake_id(g.mistake)
            counts[ident] += 1
            first.setdefault(ident, g.mistake)
    return Gathered(len(graded), sum(g.right for g in graded), tuple(graded),
                    tuple((first[ident], n) for ident, n in counts.most_common()))


def safe_cell(text: str) -> str:
    """A student's text as an exported spreadsheet cell: a text that a spreadsheet would run
    as a formula (it starts with =, +, -, @, a tab or a CR) gets a leading ``'``, which
    spreadsheets show as text; a plain decimal number ("-0.25", "+1e-3") is kept as it is,
    so a negative answer stays a number. Its length is checked before the pattern sees it."""
    if not text.startswith(FORMULA_LEADS):
        return text
    if len(text) <= MAX_CELL_CHARS and _PLAIN_NUMBER.fullmatch(text):
        return text
    return "'" + text


def answers_csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """The class's answers as CSV text (a header, then one row per student), every cell
    made safe for a spreadsheet (safe_cell)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()
