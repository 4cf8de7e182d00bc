"""The tutorial's notation as plain text, for explanations, tables, diagram labels and legends.

bpcore names every value the way code can (``dE_dout_o1``, ``delta_o1``, ``w5_new``); a learner
reads the names of the tutorial (∂E/∂out_o1, δ_o1, w5⁺). Formulas are typeset from each step's
LaTeX ``symbol``; everywhere else on a screen (the explanation, the values table, the diagram,
the prompts) a name is written here, in ONE plain form: the tutorial's own names w1…w8, i1,
b1, net_h1, out_o1, E_total with an underscore before a neuron, never a Unicode subscript.
Subscript digits beside underscored letters were two notations on one screen (w₆ beside
δ_o1), and subscript letters (ₕ, ₒ) are not in the app's font: the browser borrows them from
another and δₒ₁ reads like "δ°₁". Code names stay only in machine-readable exports.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bpcore.formula import Formula
from bpcore.qname import QName, mazur_neuron, to_mazur

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


def text(name: str) -> str:
    """A bpcore name in the tutorial's notation: delta_o1 → δ_o1, dE_dw5 → ∂E/∂w5, w5_new → w5⁺
    (w5, i1, net_h1 as they are)."""
    if name.endswith("_new"):
        return text(name[: -len("_new")]) + "⁺"
    if name in _PLAIN:
        return _PLAIN[name]
    for pattern, template in _RULES:
        match = pattern.fullmatch(name)
        if match:
            return template.format(*match.groups())
    return name


def worked_text(q: QName) -> str:
    """A value of the worked example, by its typed name, in the tutorial's notation: the text
    text() writes for its tutorial name (δ^2_1 → δ_o1, ∂E/∂w^2_11 → ∂E/∂w5, w^2_11⁺ → w5⁺,
    the path from o2 into h1 → ∂E_o2/∂out_h1). CodedError for a name the 2-2-2 has not."""
    kind, new = (q.kind[: -len("_new")], "⁺") if q.kind.endswith("_new") else (q.kind, "")
    if kind in ("x", "t", "w", "b", "eta", "E", "E_term"):  # as the tutorial names them
        return text(to_mazur(replace(q, kind=kind))) + new
    if kind == "dE_dw":
        return f"∂E/∂{to_mazur(replace(q, kind='w'))}"
    n = mazur_neuron(q.layer, q.index)
    if kind == "path":
        return f"∂E_{mazur_neuron(q.layer + 1, q.source)}/∂out_{n}"
    written = {"net": f"net_{n}", "out": f"out_{n}", "delta": f"δ_{n}",
               "dE_dout": f"∂E/∂out_{n}", "dout_dnet": f"∂out_{n}/∂net_{n}",
               "dE_db": f"∂E/∂b_{n}"}
    return written[kind] + new


def step_text(step: Formula) -> str:
    """What a step computes, in the tutorial's notation: from its typed name when it has one
    (a step of the worked example), else its name as text() writes it (a graph's step)."""
    return worked_text(step.qname) if step.qname is not None else text(step.name)


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
