"""Feedback that teaches: how far a wrong answer is from the truth, and which known mistake
gives exactly that number.

``direction(answer, value, decimals)`` says which way and how much (wrong sign, too big by
12 %, off by a factor of 2, too small by 0.0012); ``diagnose(trace, name, answer, decimals)``
recognises the common mistakes of backpropagation by their numbers: each mistake is a wrong
value of one step (the step asked for, or one before it that the learner worked too), carried
through every later step by that step's own template (bpcore.latex.evaluator), and an
answer matches it when it is within the practice tolerance of the carried value (and that
value is not also the right one). A learner who worked with rounded numbers ("0.75" for
out_o1 = 0.751365…) is matched at the precision they wrote (``places``, bpcore.expr).

The mistakes are found from each step's rule (its Message key: step.slope, step.delta, …) and
its operands' typed names (Formula.operand_qnames: the net behind an out, a bias, the updated
weight), never from a name parsed back; a mistake's parameters are the tutorial's names
(bpcore.qname.to_mazur), which the tutor writes. Known mistakes, by key (``mistake.<key>``):

- ``sign_target_out``: ∂E/∂out as target − out instead of −(target − out) = out − target;
- ``double_slope``: ∂E/∂out as 2(out − target): the ½ of E = ½(target − out)² forgotten;
- ``no_half``: E_o as (target − out)² without the ½;
- ``net_for_out``: net where out was needed (the next layer's sum, ∂E/∂w, net(1 − net));
- ``no_bias``: a net without its bias;
- ``no_sigmoid``: out as net (σ not applied);
- ``sigma_for_slope``: out given for σ′ (∂out/∂net as out instead of out(1 − out));
- ``out_for_net``: σ′ taken at out instead of net: σ(out)(1 − σ(out)) instead of out(1 − out);
- ``no_slope``: δ as ∂E/∂out alone, σ′ forgotten;
- ``weight_for_source``: ∂E/∂w as δ · w instead of δ · (what w carries);
- ``wrong_path``: a δ, weight or source of another path (δ_o2 for w5, w6 for h1 → o1);
- ``updated_weight``: the updated weight w⁺ instead of the original in a path back;
- ``one_path``: only some of the paths into a hidden neuron;
- ``added_step``: w + η·∂E/∂w instead of w − η·∂E/∂w; ``no_eta``: w − ∂E/∂w;
- ``sign_flipped`` (said last, when nothing above explains it): a δ, path or gradient of the
  right size with the wrong sign;
- ``averaged_twice`` (batch views, ``batch_mistake``): the passed-down gradient divided by B
  at every layer as well, B^k too small for a weight k layers below the output.

Messages are keys and parameters (names of quantities, numbers as text); the tutor says them.

On any other network (bpcore.stepper_trace's general trace) ``net_diagnose(trace, qname,
answer, decimals)`` does the same by typed names: each step's kind, layer, neuron and sample,
the spec's activations and loss, and the step's own template and operands (nothing is read
back out of a string). It returns a :class:`Slip` (key, the step it was made in, the
quantities its sentence names as QNames), said as ``mistake.gen.<key>``: ``no_half``,
``no_bias``, ``net_for_out``, ``no_activation`` (out as net), ``out_for_slope`` (out for σ′),
``slope_at_out`` (σ′ at out), ``sign_target_out``, ``double_slope``, ``no_slope``,
``softmax_diagonal`` (softmax with cross-entropy: δ = (out − t)·out·(1 − out), the Jacobian
taken as diagonal, instead of out − t), ``slope_kept`` (the same with a sigmoid and binary
cross-entropy), ``one_path``, ``updated_weight``, ``wrong_path``, ``weight_for_source``,
``added_step``, ``no_eta``, ``mean_in_delta`` (a batch: each sample's δ divided by the batch
size, the mean taken in the passed-down δ as well as in ∂E/∂w) and ``sign_flipped`` (said
last: a δ, path or gradient of the right size with the wrong sign, the sign of δ). A slip is
carried from the steps worked on the same page (the nearest MAX_CARRIED of them).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from typing import TypeVar

from bpcore.format import fmt
from bpcore.formula import Formula, Message
from bpcore.latex import Evaluator, evaluator
from bpcore.practice import is_right, named_value, tolerance
from bpcore.qname import QName, to_mazur, updated
from bpcore.stepper_trace import NetStep, NetTrace
from bpcore.trace import Trace

K = TypeVar("K", bound=Hashable)  # a step's name: a tutorial name (str) or a QName

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
SIGNED = ("step.delta", "step.weight_gradient", "step.path", "step.path_sum")  # sign_flipped


@lru_cache(maxsize=64)
def _compiled(template: str) -> Evaluator:
    return evaluator(template)


def _worked(template: str, operands: list[float]) -> float:
    """The template worked out from ``operands`` (NaN where it is not defined)."""
    got = _compiled(template)([Decimal(repr(x)) for x in operands])
    return math.nan if got is None else float(got)


def _kind(step: Formula) -> str:
    return step.message.key if step.message is not None else ""


def _param(step: Formula, name: str) -> str:
    return str(step.message.params.get(name, "")) if step.message is not None else ""


def _net_of(trace: Trace, q: QName) -> str | None:
    """The tutorial's name of the net behind an out (out^1_1 → "net_h1", out⁺ → net⁺), when
    the trace has it; None for any other quantity (an input has no net)."""
    kind = {"out": "net", "out_new": "net_new"}.get(q.kind)
    if kind is not None and (net := to_mazur(replace(q, kind=kind))) in trace:
        return net
    return None


def _siblings(trace: Trace, step: Formula) -> list[Formula]:
    """The other steps of the same rule (the other paths, the other gradients)."""
    return [s for s in trace.steps if _kind(s) == _kind(step) and s.name != step.name]


def _wrong_values(trace: Trace, step: Formula) -> Iterator[Wrong]:
    """Every known mistake at ``step``: its key, the value it gives, its parameters."""
    v: Callable[[str], float] = lambda n: named_value(trace, n)  # noqa: E731
    kind, ops, qs = _kind(step), step.operand_names, step.operand_qnames
    if kind == "step.error_slope":  # −(target − out)
        target, out = ops
        yield "sign_target_out", v(target) - v(out), {}
        yield "double_slope", 2 * (v(out) - v(target)), {}
    elif kind == "step.error_output":  # ½(target − out)²
        target, out = ops
        yield "no_half", (v(target) - v(out)) ** 2, {}
    elif kind == "step.net":  # Σ w · source + b
        nets = [_net_of(trace, q) or n for n, q in zip(ops, qs, strict=True)]
        swapped = [(o, n) for o, n in zip(ops, nets, strict=True) if o != n]
        if swapped:
            yield ("net_for_out", _worked(step.template, [v(n) for n in nets]),
                   {"used": swapped[0][1], "needed": swapped[0][0]})
        if qs and qs[-1].kind in ("b", "b_new"):
            yield ("no_bias", _worked(step.template, [*map(v, ops[:-1]), 0.0]),
                   {"neuron": _param(step, "neuron"), "bias": ops[-1]})
    elif kind == "step.out":
        yield "no_sigmoid", v(ops[0]), {"neuron": _param(step, "neuron")}
    elif kind == "step.slope":  # out(1 − out)
        out, neuron = ops[0], _param(step, "neuron")
        yield "sigma_for_slope", v(out), {"neuron": neuron}
        if (net := _net_of(trace, qs[0])) is not None:
            yield "net_for_out", v(net) * (1 - v(net)), {"used": net, "needed": out}
        yield "out_for_net", _sigma(v(out)) * (1 - _sigma(v(out))), {"neuron": neuron}
    elif kind == "step.delta":  # ∂E/∂out · ∂out/∂net
        yield "no_slope", v(ops[0]), {"neuron": _param(step, "neuron")}
    elif kind == "step.weight_gradient":  # δ · source
        delta, source = ops
        if (net := _net_of(trace, qs[1])) is not None:
            yield "net_for_out", v(delta) * v(net), {"used": net, "needed": source}
        weight = _param(step, "weight")
        if weight:
            yield ("weight_for_source", v(delta) * v(weight),
                   {"weight": weight, "source": source})
        for other in _siblings(trace, step):
            o_delta, o_source = other.operand_names
            if o_delta == delta and o_source != source:
                yield ("wrong_path", v(delta) * v(o_source),
                       {"used": o_source, "needed": source})
            elif o_source == source and o_delta != delta:
                yield ("wrong_path", v(o_delta) * v(source),
                       {"used": o_delta, "needed": delta})
    elif kind == "step.path":  # δ_o · w
        delta, weight = ops
        if (new := to_mazur(updated(qs[1]))) in trace:
            yield ("updated_weight", v(delta) * v(new), {"weight": weight})
        for other in _siblings(trace, step):
            o_delta, o_weight = other.operand_names
            if o_weight != weight and (o_delta == delta
                                       or _param(other, "hidden") == _param(step, "hidden")):
                yield ("wrong_path", v(delta) * v(o_weight), {"used": o_weight, "needed": weight})
    elif kind == "step.path_sum":  # Σ over the paths
        paths = {s.name: s for s in trace.steps}
        for lost in ops:
            kept = [n for n in ops if n != lost]
            if kept:
                yield ("one_path", sum(v(n) for n in kept),
                       {"hidden": _param(step, "hidden"),
                        "missing": _param(paths[lost], "output") if lost in paths else lost})
    elif kind == "step.update":  # w − η · ∂E/∂w
        param, eta, grad = ops
        yield "added_step", v(param) + v(eta) * v(grad), {"param": param}
        yield "no_eta", v(param) - v(grad), {"param": param}


def slips(trace: Trace, name: str) -> list[Wrong]:
    """The known mistakes at the step ``name`` itself: (key, the number it gives, its
    parameters), each number finite and not also the right one (a concept check's wrong
    choices, bpcore.concept)."""
    step = next(s for s in trace.steps if s.name == name)
    value = trace[name]
    return [(key, wrong, params) for key, wrong, params in _wrong_values(trace, step)
            if math.isfinite(wrong) and abs(wrong - value) > 1e-9 * max(1.0, abs(value))]


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
        got = _compiled(step.template)(
            [Decimal(repr(values[n] if n in values else trace.scenario.get(n))) for n in needs])
        if got is None:
            return math.nan
        values[step.name] = float(got)
        changed.add(step.name)
    return values[target]


def _upstream(operands: Mapping[K, Sequence[K]], name: K) -> set[K]:
    """Every step whose value ``name`` is worked from, directly or through other steps;
    ``operands`` maps each step's name to the names it is worked from."""
    found: set[K] = set()
    todo = [name]
    while todo:
        for needed in operands[todo.pop()]:
            if needed in operands and needed not in found:
                found.add(needed)
                todo.append(needed)
    return found


def _ancestors(trace: Trace, name: str) -> set[str]:
    """Every step of the worked example whose value ``name`` is worked from."""
    return _upstream({s.name: s.operand_names for s in trace.steps}, name)


def slack(decimals: int, places: int | None = None) -> float:
    """How far an answer may be from a mistake's number and still be that mistake: one unit in
    the last displayed place, or in the last place the learner wrote when that is coarser."""
    unit = tolerance(decimals)
    return max(unit, 10.0 ** -places) if places is not None else unit


def diagnose(trace: Trace, name: str, answer: float, decimals: int,
             places: int | None = None) -> Message | None:
    """The known mistake whose number ``answer`` is, at step ``name``, or None.

    The step's own mistakes first, then those of earlier steps it is worked from, carried to
    it (nearest first), then a flipped sign. A mistake is said as Message("mistake.<key>",
    {"at": the step it was made in, …its parameters}); one whose number is also the right
    answer (within the slack) is never said. ``places``: the decimals the learner wrote (the
    answer is matched at that precision when it is coarser than the display's).
    """
    value = trace[name]
    if not math.isfinite(answer) or is_right(answer, value, decimals):
        return None
    room = slack(decimals, places) * (1 + 1e-9)
    steps = {s.name: s for s in trace.steps}
    names = [s.name for s in trace.steps]
    before = _ancestors(trace, name)
    earlier = [n for n in reversed(names[:names.index(name)]) if n in before]

    def fits(wrong: float) -> bool:
        return (math.isfinite(wrong) and abs(wrong - value) > room
                and abs(answer - wrong) <= room and abs(answer - wrong) < abs(answer - value))

    for at in [name, *earlier]:
        for key, wrong, params in _wrong_values(trace, steps[at]):
            carried = wrong if at == name else _carried(trace, at, wrong, name)
            if fits(carried):
                return Message(f"mistake.{key}", {"at": at, **params})
    if _kind(steps[name]) in SIGNED and fits(-value):
        return Message("mistake.sign_flipped", {"at": name})
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


# --- the same on any network: bpcore.stepper_trace's general trace, by typed names --------------
# A slip on a general trace is found from each step's typed name (its kind, layer, neuron and
# sample), the spec's activations and loss, and the step's own template and operands: nothing
# is read back out of a string. It names what it is about as QNames; the tutor writes them.
@dataclass(frozen=True)
class Slip:
    """A known mistake on a general trace: ``key`` (said as ``mistake.gen.<key>``), the step
    ``at`` it was made in, the quantities its sentence names (``names``: parameter → QName)
    and plain parameters (``numbers``: a count, an activation's registry name)."""

    key: str
    at: QName
    names: Mapping[str, QName] = field(default_factory=dict)
    numbers: Mapping[str, str] = field(default_factory=dict)


# One wrong reading of a step: the slip, and the wrong value of every step it changes (the
# step itself first; a slip made for every sample at once changes each sample's step).
NetWrong = tuple[Slip, dict[QName, float]]
NET_SIGNED = ("delta", "path", "dE_dout", "dE_dw", "dE_db")  # sign_flipped, said last
# The phases of the page a step is worked on (forward and error share the forward page).
PAGE_PHASES = {"forward": ("forward", "error"), "error": ("forward", "error"),
               "backward": ("backward",), "update": ("update",)}
MAX_CARRIED = 64  # the nearest steps a slip is carried from (a 4-4-4-4-4 batch has hundreds)
# Element-wise activations whose out(net) differs from net and whose slope is written with out.
SLOPE_FROM_OUT = ("sigmoid", "tanh")


def _net_worked(step: NetStep, operands: Mapping[QName, float]) -> float:
    """The step's template worked out with some operands replaced (NaN where undefined)."""
    return _worked(step.template, [operands.get(q, x) for q, x in zip(
        step.operand_qnames, step.operands, strict=True)])


def _slope(activation: str, out: float) -> float:
    """f′ written with out (sigmoid out(1 − out), tanh 1 − out²)."""
    return out * (1 - out) if activation == "sigmoid" else 1 - out * out


def _net_wrong_values(trace: NetTrace, step: NetStep) -> Iterator[NetWrong]:
    """Every known mistake at ``step`` of a general trace, with the values it gives."""
    q, ops, spec = step.qname, step.operand_qnames, trace.spec
    if q is None:
        return
    v, L, m = trace.value, spec.layers, spec.samples
    act = spec.activations[q.layer - 1] if 1 <= q.layer <= L else ""
    at = {"at": q}

    def one(key: str, wrong: float, numbers: Mapping[str, str] | None = None,
            **names: QName) -> NetWrong:
        return Slip(key, q, {**at, **names}, dict(numbers or {})), {q: wrong}

    def same(kind: str, layer: int, index: int) -> QName:
        return QName(kind, layer, index, sample=q.sample)

    if q.kind == "E_term" and spec.loss == "half_sse":  # ½(t − out)²
        gap = v(ops[0]) - v(ops[1])
        yield one("no_half", gap * gap)  # a float ** 2 would raise on overflow; this is inf
    elif q.kind == "net":  # Σ w · out + b · 1
        yield one("no_bias", _net_worked(step, {ops[-1]: 0.0}), bias=ops[-1], net=q)
        below = {o: v(same("net", o.layer, o.index)) for o in ops if o.kind == "out"}
        if below:
            first = next(iter(below))
            yield one("net_for_out", _net_worked(step, below),
                      used=same("net", first.layer, first.index), needed=first)
    elif q.kind == "out" and act not in ("linear", ""):  # f(net)
        net = same("net", q.layer, q.index)
        yield one("no_activation", v(net), {"activation": act}, out=q, net=net)
    elif q.kind == "dout_dnet" and act in SLOPE_FROM_OUT:  # f′ written with out
        out, net = same("out", q.layer, q.index), same("net", q.layer, q.index)
        yield one("out_for_slope", v(out), {"activation": act}, out=out, net=net)
        fo = _sigma(v(out)) if act == "sigmoid" else math.tanh(v(out))
        yield one("slope_at_out", _slope(act, fo), {"activation": act}, out=out, net=net)
        yield one("net_for_out", _slope(act, v(net)), used=net, needed=out)
    elif q.kind == "dE_dout" and q.layer == L and spec.loss == "half_sse":  # −(t − out)
        target, out = ops
        yield one("sign_target_out", v(target) - v(out), out=out, target=target)
        yield one("double_slope", 2 * (v(out) - v(target)), out=out, target=target)
    elif q.kind == "dE_dout":  # a hidden neuron's: the sum over its paths
        for lost in ops if len(ops) > 1 else ():
            kept = sum(v(p) for p in ops if p != lost)
            yield one("one_path", kept, out=same("out", q.layer, q.index),
                      missing=same("out", lost.layer + 1, lost.source))
    elif q.kind == "delta":
        msg = step.message.key if step.message is not None else ""
        out, target = same("out", q.layer, q.index), QName("t", q.layer, q.index,
                                                             sample=q.sample)
        if msg == "step.gen.delta_softmax_ce":  # out − t, the Jacobian taken as its diagonal
            yield one("softmax_diagonal", (v(out) - v(target)) * v(out) * (1 - v(out)),
                      delta=q, out=out, target=target)
        elif msg == "step.gen.delta_cancels":  # out − t, σ′ counted although it cancels
            yield one("slope_kept", (v(out) - v(target)) * v(out) * (1 - v(out)),
                      delta=q, out=out, target=target)
        elif msg == "step.gen.delta":  # ∂E/∂out · ∂out/∂net, the slope forgotten
            yield one("no_slope", v(ops[0]), delta=q, grad=ops[0], slope=ops[1])
        if m > 1:  # the mean over the batch taken in each sample's δ as well
            each = {QName("delta", q.layer, q.index, sample=s): v(QName(
                "delta", q.layer, q.index, sample=s)) / m for s in range(1, m + 1)}
            yield Slip("mean_in_delta", q, {**at, "delta": q}, {"samples": str(m)}), {
                q: each[q], **each}
    elif q.kind == "path":  # δ^{l+1}_k · w^{l+1}_kj
        delta, weight = ops
        new = QName("w_new", weight.layer, weight.index, weight.source)
        if new in trace:
            yield one("updated_weight", v(delta) * v(new), weight=weight)
        rows, cols = spec.sizes[weight.layer], spec.sizes[weight.layer - 1]
        others = [QName("w", weight.layer, weight.index, k) for k in range(1, cols + 1)] + [
            QName("w", weight.layer, j, weight.source) for j in range(1, rows + 1)]
        for other in dict.fromkeys(o for o in others if o != weight):
            yield one("wrong_path", v(delta) * v(other), used=other, needed=weight)
    elif q.kind == "dE_dw":  # (1/m) Σ_s δ_s · source_s
        sources = [o for o in ops if o.kind in ("x", "out")]
        weight = QName("w", q.layer, q.index, q.source)
        yield one("weight_for_source", _net_worked(step, dict.fromkeys(sources, v(weight))),
                  weight=weight, source=sources[0])
        outs = {o: v(QName("net", o.layer, o.index, sample=o.sample))
                for o in sources if o.kind == "out"}
        if outs:
            first = next(iter(outs))
            yield one("net_for_out", _net_worked(step, outs),
                      used=QName("net", first.layer, first.index, sample=first.sample),
                      needed=first)
        for k in range(1, spec.sizes[q.layer - 1] + 1):
            if k == q.source:
                continue
            moved = {o: v(QName(o.kind, o.layer, k, sample=o.sample)) for o in sources}
            yield one("wrong_path", _net_worked(step, moved),
                      used=QName(sources[0].kind, sources[0].layer, k, sample=sources[0].sample),
                      needed=sources[0])
        deltas = [o for o in ops if o.kind == "delta"]
        for j in range(1, spec.sizes[q.layer] + 1):
            if j == q.index:
                continue
            moved = {d: v(QName("delta", d.layer, j, sample=d.sample)) for d in deltas}
            yield one("wrong_path", _net_worked(step, moved),
                      used=QName("delta", q.layer, j, sample=deltas[0].sample),
                      needed=deltas[0])
    elif q.kind in ("w_new", "b_new"):  # p − η · ∂E/∂p
        param, eta, grad = ops
        yield one("added_step", v(param) + v(eta) * v(grad), param=param)
        yield one("no_eta", v(param) - v(grad), param=param)


def net_slips(trace: NetTrace, name: QName) -> list[NetWrong]:
    """The known mistakes at the step ``name`` itself whose number is finite and not also the
    right one."""
    step, value = trace.step(name), trace[name]
    return [(slip, wrong) for slip, wrong in _net_wrong_values(trace, step)
            if math.isfinite(wrong[name])
            and abs(wrong[name] - value) > 1e-9 * max(1.0, abs(value))]


class _Carrier:
    """Carries wrong values of some steps to one target step, by each step's template, over
    only the steps the target is worked from (numbered once: a deep batch has ~800 steps and
    a diagnosis carries a slip from each of them)."""

    def __init__(self, trace: NetTrace, target: QName, before: set[QName]) -> None:
        self.order = {s.qname: k for k, s in enumerate(trace.steps) if s.qname is not None}
        self.target, self.value = target, trace[target]
        number = {q: k for k, q in enumerate(self.order)}
        self.number = number
        # (position, number, operand numbers (−1: a value no step computes), step): the steps
        # the target is worked from and the target, in trace order; a value given as it is
        # (a ReLU's slope, a clamped loss: it names itself) stays and is left out
        self.path = [(self.order[s.qname], number[s.qname],
                      tuple(number.get(o, -1) for o in s.operand_qnames), s)
                     for s in trace.steps if s.qname is not None
                     and (s.qname in before or s.qname == target)
                     and s.qname not in s.operand_qnames]

    def carried(self, wrong: Mapping[QName, float]) -> float:
        """The target's value when the steps of ``wrong`` come out so and every step after
        them is worked from the numbers so far by its own template."""
        if self.target in wrong:
            return wrong[self.target]
        start = min(self.order[q] for q in wrong)
        values = {self.number[q]: x for q, x in wrong.items()}
        fixed = set(values)
        for pos, k, operands, step in self.path:
            if pos <= start or k in fixed or not any(o in values for o in operands):
                continue
            got = _worked(step.template, [values.get(o, x) for o, x in zip(
                operands, step.operands, strict=True)])
            if not math.isfinite(got):
                return math.nan
            values[k] = got
        return values.get(self.number[self.target], self.value)


def _net_ancestors(trace: NetTrace, name: QName) -> set[QName]:
    """Every step of a general trace whose value ``name`` is worked from."""
    return _upstream({s.qname: s.operand_qnames for s in trace.steps if s.qname is not None},
                     name)


def net_diagnose(trace: NetTrace, name: QName, answer: float, decimals: int,
                 places: int | None = None) -> Slip | None:
    """The known mistake whose number ``answer`` is, at step ``name`` of a general trace.

    As diagnose(): the step's own mistakes first, then those of the steps it is worked from,
    carried to it (nearest first), then a flipped sign; never one whose number is also the
    right answer within the slack (``places``: the decimals the learner wrote).
    """
    value = trace[name]
    if not math.isfinite(answer) or is_right(answer, value, decimals):
        return None
    room = slack(decimals, places) * (1 + 1e-9)
    before = _net_ancestors(trace, name)
    carrier = _Carrier(trace, name, before)
    # Carried from the steps worked on the same page only (a page shows the earlier pages'
    # values: they are read, not worked), the nearest MAX_CARRIED of them.
    at_step = {q: trace.steps[k] for q, k in carrier.order.items()}
    phases = PAGE_PHASES[at_step[name].phase]
    earlier = sorted((q for q in before if at_step[q].phase in phases),
                     key=carrier.order.__getitem__, reverse=True)[:MAX_CARRIED]

    def fits(wrong: float) -> bool:
        return (math.isfinite(wrong) and abs(wrong - value) > room
                and abs(answer - wrong) <= room and abs(answer - wrong) < abs(answer - value))

    for at in [name, *earlier]:
        for slip, wrong in _net_wrong_values(trace, at_step[at]):
            if fits(carrier.carried(wrong)):
                return slip
    if name.kind in NET_SIGNED and fits(-value):
        return Slip("sign_flipped", name, {"at": name})
    return None
