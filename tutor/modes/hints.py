"""Hints and feedback in words: the rule of a step with this step's symbols, where each value it
needs was found, how far a wrong answer is and which known mistake it matches.

The numbers and the mistakes come from bpcore (bpcore.practice, bpcore.mistakes); this module
only says them in the learner's language.
"""

from __future__ import annotations

from bpcore import Formula, Message, Trace, fmt
from bpcore.mistakes import diagnose, direction
from bpcore.practice import named_value, step_number
from tutor.i18n import t
from tutor.ui import notation
from tutor.ui.formula import say


def _letters(names: tuple[str, ...]) -> dict[str, str]:
    """The operands' symbols as a, b, c, … for a rule's template."""
    return {chr(ord("a") + k): notation.text(n) for k, n in enumerate(names)}


def rule(step: Formula, lang: str) -> str:
    """The step's rule with its own symbols: "δ_o1 = ∂E/∂out_o1 · ∂out_o1/∂net_o1"."""
    kind = (step.message.key if step.message else "").removeprefix("step.")
    return t(f"hint.rule.{kind}", lang, target=notation.text(step.name),
             **_letters(step.operand_names))


def where(trace: Trace, name: str, page: str, decimals: int, lang: str) -> str:
    """One needed value and where it is: "out_h1 (forward pass, step 2)", "w₅ = 0.4 (given)"."""
    found = step_number(trace, name)
    symbol = notation.text(name)
    if found is None:
        return t("hint.item.given", lang, name=symbol,
                 value=fmt(named_value(trace, name), decimals))
    on, number = found
    if on == page:
        return t("hint.item.here", lang, name=symbol, n=number)
    return t("hint.item.page", lang, name=symbol, n=number, page=t(f"phase.{on}", lang))


def needs(trace: Trace, step: Formula, page: str, decimals: int, lang: str) -> str:
    """"You need A (step 3) and B (given)": every distinct value the step substitutes."""
    names = tuple(dict.fromkeys(step.operand_names))
    items = [where(trace, n, page, decimals, lang) for n in names]
    return t("hint.needs", lang, items=t("hint.join", lang).join(items))


def hint(trace: Trace, step: Formula, page: str, decimals: int, lang: str) -> str:
    """The rule named with this step's symbols, then what it needs and where each value is."""
    return f"{rule(step, lang)} — {needs(trace, step, page, decimals, lang)}"


def said(message: Message, lang: str) -> str:
    """A bpcore feedback or mistake message in words (names in the tutorial's notation)."""
    return say(message, lang)


def feedback(trace: Trace, step: Formula, answer: float, decimals: int, lang: str,
             places: int | None = None) -> list[str]:
    """What a wrong answer is: the known mistake it matches, named first (``places``: the
    decimals the learner wrote, bpcore.expr.Reading), then its direction and size."""
    lines = [said(direction(answer, step.value, decimals), lang)]
    mistake = diagnose(trace, step.name, answer, decimals, places)
    if mistake is not None:
        lines.insert(0, said(mistake, lang))
    return lines
