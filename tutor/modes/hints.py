"""Hints in words: the rule of a step with this step's symbols and where each value it needs
was found (the feedback on a wrong answer, its size and the known mistake it matches, is
tutor.modes.lens.feedback, for any network).

The numbers come from bpcore (bpcore.practice); this module only says them in the learner's
language.
"""

from __future__ import annotations

from bpcore import Formula, Message, Trace, fmt
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


def item(name: str, found: tuple[str, int] | None, value: str, page: str, lang: str) -> str:
    """One needed value, written ``name``, and where it is: on this page (step n), on another
    (its phase, step n), or given (``value``: a number as the display writes it)."""
    if found is None:
        return t("hint.item.given", lang, name=name, value=value)
    on, number = found
    if on == page:
        return t("hint.item.here", lang, name=name, n=number)
    return t("hint.item.page", lang, name=name, n=number, page=t(f"phase.{on}", lang))


def needs_text(items: list[str], lang: str) -> str:
    """"you need A (step 3), B (given)": the items joined."""
    return t("hint.needs", lang, items=t("hint.join", lang).join(items))


def where(trace: Trace, name: str, page: str, decimals: int, lang: str) -> str:
    """One needed value and where it is: "out_h1 (forward pass, step 2)", "w5 = 0.4 (given)"."""
    found = step_number(trace, name)
    value = fmt(named_value(trace, name), decimals) if found is None else ""
    return item(notation.text(name), found, value, page, lang)


def needs(trace: Trace, step: Formula, page: str, decimals: int, lang: str) -> str:
    """"You need A (step 3) and B (given)": every distinct value the step substitutes."""
    names = tuple(dict.fromkeys(step.operand_names))
    return needs_text([where(trace, n, page, decimals, lang) for n in names], lang)


def hint(trace: Trace, step: Formula, page: str, decimals: int, lang: str) -> str:
    """The rule named with this step's symbols, then what it needs and where each value is."""
    return f"{rule(step, lang)} — {needs(trace, step, page, decimals, lang)}"


def said(message: Message, lang: str) -> str:
    """A bpcore feedback or mistake message in words (names in the tutorial's notation)."""
    return say(message, lang)
