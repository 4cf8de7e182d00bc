"""Feedback that teaches: how far a wrong answer is from the truth, and which known mistake
gives exactly that number.

``direction(answer, value, decimals)`` says which way and how much (wrong sign, too big by
12 %, off by a factor of 2, too small by 0.0012); ``diagnose(trace, name, answer, decimals)``
recognises the common mistakes of backpropagation by their numbers: each mistake is a wrong
value of one step (the step asked for, or one before it that the learner worked too), carried
through every later step by that step's own template (bpcore.latex.evaluator), and an
answer matches it when it is within the practice tolerance of the carried value (and that
value is not also the right one). Known mistakes, by key (``mistake.<key>``):

- ``sign_target_out``: ∂E/∂out_o as target − out instead of −(target − out);
- ``net_for_out``: net where out was needed (the next layer's sum, ∂E/∂w, net(1 − net));
- ``out_for_net``: σ′ taken at out instead of net: σ(out)(1 − σ(out));
- ``sigma_for_slope``: σ instead of σ′ (∂out/∂net as out instead of out(1 − out));
- ``no_sigmoid``: out as net (σ not applied);
- ``updated_weight``: the updated weight w⁺ instead of the original in a path back;
- ``one_path``: only one of the two paths into a hidden neuron;
- ``added_step``: w + η·∂E/∂w instead of w − η·∂E/∂w; ``no_eta``: w − ∂E/∂w;
- ``averaged_twice`` (batch views, ``batch_mistake``): the passed-down gradient divided by B
  at every layer as well, B^k too small for a weight k layers below the output.

Messages are keys and parameters (names of quantities, numbers as text); the tutor says them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from decimal import Decimal

from bpcore.format import fmt
from bpcore.formula import Message
from bpcore.latex import evaluator
from bpcore.practice import is_right, named_value, operand_names, tolerance
from bpcore.scenario import EDGES, HIDDEN, OUTPUTS
from bpcore.trace import Trace

FACTOR_SLACK = 0.02  # a ratio within 2 % of a whole number k ≥ 2 reads "a factor of k"
LARGEST_FACTOR = 10  # factors beyond this are said as a percentage


def _sigma(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _percent(answer: float, value: float) -> str:
    p = abs(abs(answer) - abs(value)) / abs(value) * 100
    return f"{p:.0f}" if p >= 10 else f"{p:.1f}"


def _gap(answer: float, value: float, decimals: int) -> str:
    """|answer − value| in the app's number style, free of float noise (0.2502 − 0.25)."""
    return fmt(float(f"{abs(answer - value):.12g}"), decimals)


def direction(answer: float, value: float, decimals: int) -> Message:
    """Which way and how far ``answer`` is from ``value``, in size (|answer| against |value|).

    feedback.sign_only (right size, wrong sign), feedback.sign_big / sign_small {percent}
    (wrong sign, and the size off too), feedback.factor_big / factor_small {factor} (a whole
    ratio 2…10, within 2 %), feedback.too_big / too_small {percent} (1 % or more),
    feedback.near_big / near_small {diff} (closer than 1 %: the difference itself).
    """
    tol = tolerance(decimals)
    big = abs(answer) > abs(value)
    if value == 0 or abs(value) <= tol:
        return Message("feedback.near_big" if answer > value else "feedback.near_small",
                       {"diff": _gap(answer, value, decimals)})
    if answer * value < 0:
        if abs(abs(answer) - abs(value)) <= tol:
            return Message("feedback.sign_only")
        return Message("feedback.sign_big" if big else "feedback.sign_small",
                       {"percent": _percent(answer, value)})
    if answer != 0:
        ratio = abs(answer / value) if big else abs(value / answer)
        k = round(ratio)
        if 2 <= k <= LARGEST_FACTOR and abs(ratio - k) <= FACTOR_SLACK * k:
            return Message("feedback.factor_big" if big else "feedback.factor_small",
                           {"factor": str(k)})
    if abs(abs(answer) - abs(value)) / abs(value) >= 0.01:
        return Message("feedback.too_big" if big else "feedback.too_small",
                       {"percent": _percent(answer, value)})
    return Message("feedback.near_big" if big else "feedback.near_small",
                   {"diff": _gap(answer, value, decimals)})


# --- the mistakes, each a wrong value of one step -------------------------------------------
Wrong = tuple[str, float, dict[str, str]]  # (mistake key, the wrong value, extra parameters)


def _wrong_values(trace: Trace, name: str) -> Iterator[Wrong]:
    """Every known mistake at the step ``name``: its key, the value it gives, its parameters."""
    v: Callable[[str], float] = lambda n: named_value(trace, n)  # noqa: E731
    s = trace.scenario
    if name.startswith("dE_dout_") and name[-2:] in OUTPUTS:
        o = name[-2:]
        yield "sign_target_out", v(f"target_{o}") - v(f"out_{o}"), {}
    elif name.startswith("dout_"):
        n = name.split("_")[1]
        out, net = v(f"out_{n}"), v(f"net_{n}")
        yield "sigma_for_slope", out, {"neuron": n}
        yield "net_for_out", net * (1 - net), {"used": f"net_{n}", "needed": f"out_{n}"}
        yield "out_for_net", _sigma(out) * (1 - _sigma(out)), {"neuron": n}
    elif name.startswith("net_") and name[-2:] in OUTPUTS and not name.endswith("_new"):
        o = name[-2:]
        into = [(w, src) for w, (src, dst) in EDGES.items() if dst == o and w.startswith("w")]
        wrong = sum(s.get(w) * v(f"net_{src}") for w, src in into) + s.get(f"b_{o}")
        yield "net_for_out", wrong, {"used": "net_h1", "needed": "out_h1"}
    elif name.startswith("out_") and not name.endswith("_new"):
        n = name[len("out_"):]
        yield "no_sigmoid", v(f"net_{n}"), {"neuron": n}
    elif name.startswith("dE_dw"):
        src, dst = EDGES[name[len("dE_d"):]]
        if src in HIDDEN:
            yield ("net_for_out", v(f"delta_{dst}") * v(f"net_{src}"),
                   {"used": f"net_{src}", "needed": f"out_{src}"})
    elif name.startswith("dEo") and "_dout_" in name:
        delta, weight = operand_names(trace, name)
        yield ("updated_weight", v(delta) * v(f"{weight}_new"), {"weight": weight})
    elif name.startswith("dE_dout_") and name[-2:] in HIDDEN:
        h = name[-2:]
        for kept, lost in ((OUTPUTS[0], OUTPUTS[1]), (OUTPUTS[1], OUTPUTS[0])):
            yield "one_path", v(f"dE{kept}_dout_{h}"), {"hidden": h, "missing": lost}
    elif name.endswith("_new") and name[: -len("_new")] in EDGES:
        param, eta, grad = operand_names(trace, name)
        yield "added_step", v(param) + v(eta) * v(grad), {"param": param}
        yield "no_eta", v(param) - v(grad), {"param": param}


def _carried(trace: Trace, at: str, wrong: float, target: str) -> float:
    """The value of ``target`` when step ``at`` comes out as ``wrong`` and every step after it
    is worked from the numbers so far by its own template."""
    values = dict(trace.values)
    values[at] = wrong
    changed = {at}
    names = [s.name for s in trace.steps]
    for step in trace.steps[names.index(at) + 1: names.index(target) + 1]:
        needs = step.operand_names
        if step.given or not changed.intersection(needs):
            continue
        got = evaluator(step.template)(
            [Decimal(repr(values[n] if n in values else trace.scenario.get(n))) for n in needs])
        if got is None:
            return math.nan
        values[step.name] = float(got)
        changed.add(step.name)
    return values[target]


def diagnose(trace: Trace, name: str, answer: float, decimals: int) -> Message | None:
    """The known mistake whose number ``answer`` is, at step ``name``, or None.

    The step's own mistakes first, then those of earlier steps carried to it (nearest
    first). A mistake is said as Message("mistake.<key>", {"at": the step it was made in,
    …its parameters}); one whose number is also the right answer (within the tolerance) is
    never said.
    """
    value = trace[name]
    if not math.isfinite(answer) or is_right(answer, value, decimals):
        return None
    names = [s.name for s in trace.steps]
    upto = names.index(name)
    for at in [name, *reversed(names[:upto])]:
        for key, wrong, params in _wrong_values(trace, at):
            carried = wrong if at == name else _carried(trace, at, wrong, name)
            if (math.isfinite(carried) and not is_right(carried, value, decimals)
                    and is_right(answer, carried, decimals)):
                return Message(f"mistake.{key}", {"at": at, **params})
    return None


def batch_mistake(answer: float, gradient: float, batch: int, layers_above: int,
                  decimals: int) -> Message | None:
    """Message("mistake.averaged_twice", {factor}) when ``answer`` is ``gradient`` divided by
    B once more for every layer above (B^layers_above too small), else None."""
    factor = batch ** layers_above
    if factor < 2 or not math.isfinite(answer):
        return None
    wrong = gradient / factor
    if is_right(answer, wrong, decimals) and not is_right(wrong, gradient, decimals):
        return Message("mistake.averaged_twice", {"factor": str(factor), "batch": str(batch)})
    return None
