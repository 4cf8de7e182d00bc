"""What the learning modes need to know of the network being stepped, written once for both:
the worked example's Trace (its tutorial names, bpcore.mistakes.diagnose, its hints) or the
general NetTrace of any other network (typed names, bpcore.mistakes.net_diagnose).

Predict (tutor/modes/predict.py) and practice (tutor/modes/practice.py) are written against a
:class:`Lens`: how a step and its operands are written, which known slip a wrong number is,
the step's rule, the hint, the formula panel's LaTeX, the shape of its rule (what sets a sign
and a size), the choices a prediction offers, and the ``scope`` that keeps one network's
answers apart from another's (empty for the worked example: its keys stay as they were).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bpcore import Formula, Trace, fmt
from bpcore.mistakes import Slip, diagnose, direction, net_diagnose
from bpcore.qname import QName
from bpcore.stepper_trace import NetStep, NetTrace
from bpcore.steps import PAGE_PHASES
from tutor.figures.netdiagram import crowded
from tutor.i18n import t
from tutor.modes import hints
from tutor.modes import state as modes_state
from tutor.ui import notation
from tutor.ui.formula import FITTED_ROOMS, Fit, fitted, formula_latex, room_to_fit, say
from tutor.ui.netnotation import name_in, qtext

# A general step's formula line on a page, in em: the width its formula panel breaks it at
# (a substitution wraps over lines rather than shrinking; tutor/stepping/netview.py);
# presented, or for a crowded network, see COLUMNS.
NET_ROOM_EM = 20.0


@dataclass(frozen=True)
class Column:
    """The formula column a general step's formula is fitted to: its width in em of the
    formula's base type (that of \\large) and that type's size (CSS, of the column's font), which
    it is drawn at and never shrinks below at 1280 px, wrapping its lines instead."""

    em: float
    type_max: str


# Presented, every network's formula is drawn at the body's type (22 px: \large 22.4 px, the
# diagram's labels 21 px or less) and its lines are as long as the column holds at that type,
# tried from the longest of FITTED_ROOMS: a long substitution wraps over lines instead of
# shrinking, and the type is no larger (more lines would run past the screen). A crowded
# network's column is wider (tutor.figures.netdiagram.CROWDED_SHARE); on a page, a crowded
# network's formula is drawn the same way at the page's type (17 px: \large 17.3 px).
# Columns at 1280 px, less 10 px: presented 428 and 625 px, on a page 314 px; a type of
# 0.85 × 22 px and 0.85 × 17 px.
COLUMNS = {(True, False): Column(428 / 18.7, "0.85em"),
           (True, True): Column(625 / 18.7, "0.85em"),
           (False, True): Column(314 / 14.45, "0.85em")}


@dataclass(frozen=True)
class Shape:
    """What sets a step's sign and size, for the reasons of a prediction: ``kind``
    error_slope (slots: target, out), ce_slope (target, out), slope (out: a sigmoid's
    out(1 − out)), product (a, b), sum (two terms), or "" (no simple rule)."""

    kind: str = ""
    slots: tuple[int, ...] = ()


class Lens(Protocol):
    """The network being stepped, as the learning modes read it."""

    @property
    def trace(self) -> Trace | NetTrace: ...

    @property
    def scope(self) -> str: ...

    @property
    def signs(self) -> tuple[str, ...]: ...

    @property
    def sizes(self) -> tuple[str, ...]: ...

    @property
    def rule_when_silent(self) -> bool: ...

    def text(self, step: Formula) -> str: ...

    def operand(self, step: Formula, slot: int) -> str: ...

    def slip(self, step: Formula, answer: float, decimals: int, places: int | None,
             lang: str) -> str | None: ...

    def rule(self, step: Formula, lang: str) -> str: ...

    def hint(self, step: Formula, page: str, decimals: int, lang: str) -> str: ...

    def formula(self, step: Formula, decimals: int, reveal: bool = True) -> str: ...

    def fits(self, step: Formula, decimals: int, reveal: bool = True) -> tuple[Fit, ...]:
        """The step's formula broken for every width of the step panel (formula.fitted)."""
        ...

    def question(self, step: Formula) -> str: ...

    def shape(self, step: Formula) -> Shape: ...


def question_latex(step: Formula) -> str:
    """What a prediction asks for, and nothing more: "δ_{o1} = ?" (large type)."""
    return rf"\large {step.symbol} = \;?"


def place(lens: Lens, page: str, index: int) -> str:
    """One step of one page of this network: "page:index" (the worked example's, as before),
    "scope/page:index" for any other network."""
    return f"{lens.scope}/{page}:{index}" if lens.scope else f"{page}:{index}"


@dataclass(frozen=True)
class WorkedLens:
    """The worked example (and its seeded exercises): the tutorial's names and hints."""

    trace: Trace
    scope: str = ""
    signs: tuple[str, ...] = ("positive", "negative")
    sizes: tuple[str, ...] = ("bigger", "smaller")
    # A sign or size the step's shape says nothing simple about: the verdict alone (as it was)
    rule_when_silent: bool = False

    def text(self, step: Formula) -> str:
        return notation.step_text(step)

    def operand(self, step: Formula, slot: int) -> str:
        # by the operand's typed name (every step of a worked trace has them)
        if step.operand_qnames:
            return notation.worked_text(step.operand_qnames[slot])
        return notation.text(step.operand_names[slot])

    def slip(self, step: Formula, answer: float, decimals: int, places: int | None,
             lang: str) -> str | None:
        found = diagnose(self.trace, step.name, answer, decimals, places)
        return None if found is None else hints.said(found, lang)

    def rule(self, step: Formula, lang: str) -> str:
        return hints.rule(step, lang)

    def hint(self, step: Formula, page: str, decimals: int, lang: str) -> str:
        return hints.hint(self.trace, step, page, decimals, lang)

    def formula(self, step: Formula, decimals: int, reveal: bool = True) -> str:
        return formula_latex(step, decimals, reveal)

    def fits(self, step: Formula, decimals: int, reveal: bool = True) -> tuple[Fit, ...]:
        return fitted(step, decimals, reveal=reveal)

    def question(self, step: Formula) -> str:
        return question_latex(step)

    def shape(self, step: Formula) -> Shape:
        kind = step.message.key if step.message is not None else ""
        two = len(step.operand_names) == 2
        if kind == "step.error_slope" and two:
            return Shape("error_slope", (0, 1))
        if kind == "step.slope" and step.operand_names:
            return Shape("slope", (0,))
        if step.template.strip() == r"#0 \cdot #1" and two:
            return Shape("product", (0, 1))
        if kind == "step.path_sum" and two:
            return Shape("sum", (0, 1))
        return Shape()


def net_scope(net_id: str, trace: NetTrace) -> str:
    """The scope of a network's answers (tutor.modes.state.net_scope of the trace's spec)."""
    return modes_state.net_scope(net_id, trace.spec)


@dataclass(frozen=True)
class NetLens:
    """Any network of the general stepper: typed names written in the general notation."""

    trace: NetTrace
    scope: str
    presenting: bool = False
    signs: tuple[str, ...] = ("positive", "negative", "zero")
    sizes: tuple[str, ...] = ("bigger", "smaller", "same")
    # A sign or size the step's shape says nothing simple about: the step's rule in words
    rule_when_silent: bool = True

    def _net(self, step: Formula) -> NetStep:
        assert isinstance(step, NetStep)
        return step

    def text(self, step: Formula) -> str:
        q = self._net(step).qname
        return qtext(q, self.trace.spec.samples) if q is not None else step.name

    def operand(self, step: Formula, slot: int) -> str:
        return qtext(self._net(step).operand_qnames[slot], self.trace.spec.samples)

    def slip_text(self, slip: Slip, lang: str) -> str:
        """A general slip in words: its names in the general notation, registry names in the
        reader's language."""
        m, name = self.trace.spec.samples, name_in(lang)
        return t(f"mistake.gen.{slip.key}", lang,
                 **{k: qtext(q, m) for k, q in slip.names.items()},
                 **{k: name(v) for k, v in slip.numbers.items()})

    def slip(self, step: Formula, answer: float, decimals: int, places: int | None,
             lang: str) -> str | None:
        q = self._net(step).qname
        found = None if q is None else net_diagnose(self.trace, q, answer, decimals, places)
        return None if found is None else self.slip_text(found, lang)

    def rule(self, step: Formula, lang: str) -> str:
        """The step's rule: its explanation (the formula above it shows the rule itself)."""
        return say(step.message, lang, name_in(lang)).rstrip(".。")

    def hint(self, step: Formula, page: str, decimals: int, lang: str) -> str:
        """The rule, then every value the step substitutes and where it is found."""
        net = self._net(step)
        found = {s.qname: (pg, k + 1) for pg, phases in PAGE_PHASES.items()
                 for k, s in enumerate(self.trace.phase_steps(*phases))}
        items: dict[QName, str] = {}
        for q, value in zip(net.operand_qnames, net.operands, strict=True):
            items.setdefault(q, hints.item(qtext(q, self.trace.spec.samples), found.get(q),
                                           fmt(value, decimals), page, lang))
        return f"{self.rule(step, lang)} — {hints.needs_text(list(items.values()), lang)}"

    def column(self) -> Column | None:
        """The column the formulas are fitted to (COLUMNS), or None: a fixed NET_ROOM_EM."""
        return COLUMNS.get((self.presenting, crowded(self.trace.spec)))

    def room(self, step: Formula, decimals: int) -> float:
        """The width (em) the step's formula breaks its lines at (see COLUMNS)."""
        column = self.column()
        if column is None:
            return NET_ROOM_EM
        return room_to_fit(step, decimals, column.em, FITTED_ROOMS)

    def formula(self, step: Formula, decimals: int, reveal: bool = True) -> str:
        return formula_latex(step, decimals, reveal, room=self.room(step, decimals),
                             inner=True)

    def fits(self, step: Formula, decimals: int, reveal: bool = True) -> tuple[Fit, ...]:
        return fitted(step, decimals, self.room(step, decimals), inner=True, reveal=reveal)

    def question(self, step: Formula) -> str:
        """The question, its names upright as the formula panel writes them (out, net)."""
        return notation.upright(question_latex(step))

    def shape(self, step: Formula) -> Shape:
        net = self._net(step)
        q, spec = net.qname, self.trace.spec
        if q is None:
            return Shape()
        if q.kind == "dE_dout" and q.layer == spec.layers:
            return {"half_sse": Shape("error_slope", (0, 1)),
                    "binary_cross_entropy": Shape("error_slope", (1, 0)),
                    "cross_entropy": Shape("ce_slope", (0, 1))}.get(spec.loss, Shape())
        if q.kind == "delta" and net.template.strip() == "#0 - #1":  # out − t: it cancels
            return Shape("error_slope", (1, 0))
        if q.kind == "dout_dnet" and spec.activations[q.layer - 1] == "sigmoid":
            return Shape("slope", (0,))
        if step.template.strip() == r"#0 \cdot #1" and len(net.operand_qnames) == 2:
            return Shape("product", (0, 1))
        if q.kind == "dE_dout" and len(net.operand_qnames) == 2:
            return Shape("sum", (0, 1))
        return Shape()


def as_lens(lens: Lens | Trace) -> Lens:
    """A lens as it is, or the worked example's lens of a Trace (the live classroom's calls)."""
    return WorkedLens(lens) if isinstance(lens, Trace) else lens


def feedback(lens: Lens | Trace, step: Formula, answer: float, decimals: int, lang: str,
             places: int | None = None) -> list[str]:
    """What a wrong answer is: the known slip it matches, named first (``places``: the
    decimals the learner wrote, bpcore.expr.Reading), then its direction and size."""
    lens = as_lens(lens)
    lines = [hints.said(direction(answer, step.value, decimals), lang)]
    slip = lens.slip(step, answer, decimals, places, lang)
    return lines if slip is None else [slip, *lines]
