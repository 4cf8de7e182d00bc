"""The tutorial's notation as plain Unicode text, for tables, diagram labels and chart legends.

bpcore names every value the way code can (``dE_dout_o1``, ``delta_o1``, ``w5_new``); a learner
reads the notation of the tutorial (∂E/∂out_o1, δ_o1, w₅⁺). Formulas are typeset from each
step's LaTeX ``symbol``; where LaTeX cannot go (a Plotly label, a table cell) this module
writes the same symbol in Unicode. Code names stay only in machine-readable exports (CSV, JSON).
"""

from __future__ import annotations

import re

_DIGITS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_PLAIN = {"eta": "η", "E_total": "E_total"}
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl) for pattern, repl in (
        (r"^dE_dout_(\w+)$", "∂E/∂out_{0}"),
        (r"^dout_(\w+)_dnet_\1$", "∂out_{0}/∂net_{0}"),
        (r"^delta_(\w+)$", "δ_{0}"),
        (r"^dE_d(w\d)$", "∂E/∂{0}"),
        (r"^dE_db_(\w+)$", "∂E/∂b_{0}"),
        (r"^dE(o\d)_dout_(\w+)$", "∂E_{0}/∂out_{1}"),
    ))


def _weight(name: str) -> str:
    """w5 → w₅, i1 → i₁ (a letter and its index); anything else unchanged."""
    if re.fullmatch(r"[wi]\d", name):
        return name[0] + name[1:].translate(_DIGITS)
    return name


def text(name: str) -> str:
    """A bpcore name in the tutorial's notation: delta_o1 → δ_o1, dE_dw5 → ∂E/∂w₅, w5_new → w₅⁺."""
    if name.endswith("_new"):
        return text(name[: -len("_new")]) + "⁺"
    if name in _PLAIN:
        return _PLAIN[name]
    for pattern, template in _RULES:
        match = pattern.fullmatch(name)
        if match:
            return template.format(*(_weight(g) for g in match.groups()))
    return _weight(name)


# --- LaTeX for the ear and the eye -----------------------------------------------------------
# A multi-letter name (net, out, target, total) typeset as a product of italic letters is read
# letter by letter ("o u t h 2"); \textrm makes it one upright word, the way the tutorial
# prints it, and one <mtext> in KaTeX's MathML, which a screen reader reads as a word
# (\mathrm still gives one <mi> a letter). Only a bare name is wrapped: not one already in
# \mathrm{…} or \text{…}, not part of a longer word or command.
_UPRIGHT = re.compile(r"(?<![\\A-Za-z{])(net|out|target)(?=\s*[_^'(}])|(?<=_\{)(total)(?=\})")


def upright(latex: str) -> str:
    r"""``latex`` with the tutorial's multi-letter names upright: net_{h1} → \textrm{net}_{h1},
    E_{total} → E_{\textrm{total}} (already upright names are left alone)."""
    return _UPRIGHT.sub(lambda m: rf"\textrm{{{m.group(1) or m.group(2)}}}", latex)


_SPOKEN: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), repl) for pattern, repl in (
        (r"\\(?:mathrm|textrm|text|operatorname)\{([^{}]*)\}", r"\1"),
        (r"\\t?frac\{([^{}]*)\}\{([^{}]*)\}", r"(\1) / (\2)"),
        (r"\\left|\\right|\\large|\\begin\{aligned\}|\\end\{aligned\}|&", ""),
        (r"\\(?:cdot|times)", " × "),
        (r"\\partial\s*", "∂"),
        (r"\\sigma", "σ"), (r"\\delta", "δ"), (r"\\eta", "η"), (r"\\sum", "Σ"),
        (r"\\odot", " ⊙ "), (r"\\max", "max"), (r"\\log", "log"), (r"\\exp", "exp"),
        (r"\\(?:,|;|quad|qquad|!)|\\\\", " "),
        (r"\^\{\+\}|\^\+", "⁺"),
        (r"_\{([^{}]*)\}", r" \1"), (r"_(\w)", r"\1"),
        (r"\^\{([^{}]*)\}", r"^(\1)"),
    ))


def spoken(latex: str) -> str:
    r"""A formula as plain text a screen reader reads as words: \frac{a}{b} → (a) / (b),
    \cdot → ×, net_{h1} → net h1, \partial → ∂ (innermost groups first, until nothing
    changes)."""
    text = latex
    for _ in range(8):  # nested fractions and names: a few passes resolve every level
        before = text
        for pattern, repl in _SPOKEN:
            text = pattern.sub(repl, text)
        if text == before:
            break
    return " ".join(text.replace("{", "").replace("}", "").split())
