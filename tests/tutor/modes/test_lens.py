"""The learning modes' view of a general network (tutor.modes.lens.NetLens): each known slip on
a preset's trace is recognised from its number and said in both languages, with the step's
quantities in the general notation (one test per slip: a wrong number in, the named slip out)."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from bpcore.presets import preset
from bpcore.qname import QName
from bpcore.stepper_trace import NetTrace, trace_net
from tutor.i18n import t
from tutor.modes.lens import NetLens, feedback, net_scope
from tutor.ui.netnotation import qtext

TRACES = {n: trace_net(preset(n)) for n in ("xor", "bce", "softmax", "deep", "batch")}


def q(kind: str, layer: int = 0, index: int = 0, source: int = 0, sample: int | None = 1
      ) -> QName:
    per_layer = kind in ("w", "b", "dE_dw", "dE_db", "w_new", "b_new")
    return QName(kind, layer, index, source, None if per_layer else sample)


def sigma(x: float) -> float:
    return 1 / (1 + math.exp(-x))


# (slip, preset, the step asked, the wrong number a learner makes there (worked by hand from
# the trace's values), the quantities the sentence names, plain parameters)
Wrong = Callable[[NetTrace], float]
CASES: list[tuple[str, str, QName, Wrong, dict[str, QName], dict[str, str]]] = [
    ("no_bias", "xor", q("net", 1, 1), lambda tr: 0.5 * 1.0 + 0.4 * 0.0,
     {"bias": q("b", 1, 1), "net": q("net", 1, 1)}, {}),
    ("net_for_out", "xor", q("net", 2, 1),
     lambda tr: 0.7 * tr[q("net", 1, 1)] - 0.3 * tr[q("net", 1, 2)] + 0.05,
     {"used": q("net", 1, 1), "needed": q("out", 1, 1)}, {}),
    ("no_activation", "xor", q("out", 1, 1), lambda tr: tr[q("net", 1, 1)],
     {"out": q("out", 1, 1), "net": q("net", 1, 1)}, {"activation": "sigmoid"}),
    ("no_half", "xor", q("E_term", 2, 1), lambda tr: (1 - tr[q("out", 2, 1)]) ** 2, {}, {}),
    ("sign_target_out", "xor", q("dE_dout", 2, 1), lambda tr: 1 - tr[q("out", 2, 1)],
     {"out": q("out", 2, 1), "target": q("t", 2, 1)}, {}),
    ("double_slope", "xor", q("dE_dout", 2, 1), lambda tr: 2 * (tr[q("out", 2, 1)] - 1),
     {"out": q("out", 2, 1), "target": q("t", 2, 1)}, {}),
    ("out_for_slope", "xor", q("dout_dnet", 2, 1), lambda tr: tr[q("out", 2, 1)],
     {"out": q("out", 2, 1), "net": q("net", 2, 1)}, {"activation": "sigmoid"}),
    ("slope_at_out", "xor", q("dout_dnet", 2, 1),
     lambda tr: sigma(tr[q("out", 2, 1)]) * (1 - sigma(tr[q("out", 2, 1)])),
     {"out": q("out", 2, 1), "net": q("net", 2, 1)}, {"activation": "sigmoid"}),
    ("no_slope", "xor", q("delta", 2, 1), lambda tr: tr[q("dE_dout", 2, 1)],
     {"delta": q("delta", 2, 1), "grad": q("dE_dout", 2, 1), "slope": q("dout_dnet", 2, 1)},
     {}),
    ("sign_flipped", "softmax", q("delta", 2, 2), lambda tr: -tr[q("delta", 2, 2)], {}, {}),
    ("softmax_diagonal", "softmax", q("delta", 2, 1),
     lambda tr: tr[q("out", 2, 1)] ** 2 * (1 - tr[q("out", 2, 1)]),
     {"delta": q("delta", 2, 1), "out": q("out", 2, 1), "target": q("t", 2, 1)}, {}),
    ("slope_kept", "bce", q("delta", 2, 1),
     lambda tr: (tr[q("out", 2, 1)] - 1) * tr[q("out", 2, 1)] * (1 - tr[q("out", 2, 1)]),
     {"delta": q("delta", 2, 1), "out": q("out", 2, 1), "target": q("t", 2, 1)}, {}),
    ("updated_weight", "xor", q("path", 1, 1, 1), lambda tr: tr[q("delta", 2, 1)] * tr[
        q("w_new", 2, 1, 1)], {"weight": q("w", 2, 1, 1)}, {}),
    ("one_path", "softmax", q("dE_dout", 1, 1),
     lambda tr: tr[q("path", 1, 1, 1)] + tr[q("path", 1, 1, 2)],
     {"out": q("out", 1, 1), "missing": q("out", 2, 3)}, {}),
    ("wrong_path", "softmax", q("path", 1, 1, 2),
     lambda tr: tr[q("delta", 2, 2)] * 0.4,  # w²₂₂ (h2 → o2) for w²₂₁ (h1 → o2)
     {"used": q("w", 2, 2, 2), "needed": q("w", 2, 2, 1)}, {}),
    ("weight_for_source", "xor", q("dE_dw", 2, 1, 1), lambda tr: tr[q("delta", 2, 1)] * 0.7,
     {"weight": q("w", 2, 1, 1), "source": q("out", 1, 1)}, {}),
    ("no_eta", "xor", q("w_new", 2, 1, 1), lambda tr: 0.7 - tr[q("dE_dw", 2, 1, 1)],
     {"param": q("w", 2, 1, 1)}, {}),
    ("added_step", "xor", q("w_new", 2, 1, 1), lambda tr: 0.7 + 0.5 * tr[q("dE_dw", 2, 1, 1)],
     {"param": q("w", 2, 1, 1)}, {}),
    ("mean_in_delta", "batch", q("delta", 2, 1, sample=2),
     lambda tr: tr[q("delta", 2, 1, sample=2)] / 2, {"delta": q("delta", 2, 1, sample=2)},
     {"samples": "2"}),
]


def lens(net: str) -> NetLens:
    return NetLens(TRACES[net], net_scope(net, TRACES[net]))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("slip", "net", "asked", "wrong", "names", "numbers"), CASES,
                         ids=[c[0] for c in CASES])
def test_a_known_slip_on_a_preset_is_named_in_both_languages(slip, net, asked, wrong, names,
                                                              numbers, lang):
    tr = TRACES[net]
    m = tr.spec.samples
    answer = wrong(tr)
    assert abs(answer - tr[asked]) > 1e-3  # a wrong number, not the right one
    said = lens(net).slip(tr.step(asked), answer, 4, None, lang)
    activation = {"activation": t(f"activation.name.{numbers['activation']}", lang)} \
        if "activation" in numbers else {}
    expected = t(f"mistake.gen.{slip}", lang, at=qtext(asked, m),
                 **{k: qtext(v, m) for k, v in names.items()}, **{**numbers, **activation})
    assert said == expected


def test_a_slip_made_earlier_is_named_where_it_was_made():
    """t − out for ∂E/∂out flips δ and every gradient below it: named at ∂E/∂out."""
    tr = TRACES["xor"]
    said = lens("xor").slip(tr.step(q("dE_dw", 1, 1, 1)), -tr[q("dE_dw", 1, 1, 1)], 4, None,
                            "en")
    assert said == t("mistake.gen.sign_target_out", "en", at=qtext(q("dE_dout", 2, 1)),
                     out=qtext(q("out", 2, 1)), target=qtext(q("t", 2, 1)))


def test_the_mean_taken_in_delta_is_named_at_a_gradient_below_it():
    """Each δ of the batch halved at the output: the hidden gradient comes out halved too."""
    tr = TRACES["batch"]
    asked = q("dE_dw", 1, 1, 1)
    said = lens("batch").slip(tr.step(asked), tr[asked] / 2, 6, None, "en")
    assert said is not None and said.startswith(t("mistake.gen.mean_in_delta", "en",
                                                  at=qtext(q("delta", 2, 1, sample=1), 2),
                                                  delta=qtext(q("delta", 2, 1, sample=1), 2),
                                                  samples="2")[:40])


def test_a_right_answer_or_an_unknown_number_names_no_slip():
    tr = TRACES["softmax"]
    step = tr.step(q("delta", 2, 1))
    assert lens("softmax").slip(step, step.value, 4, None, "en") is None
    assert lens("softmax").slip(step, 12.345, 4, None, "en") is None
    [line] = feedback(lens("softmax"), step, 12.345, 4, "en")  # its size only
    assert line.startswith(t("feedback.too_big", "en", percent="")[:10])


def test_a_presented_or_crowded_networks_formulas_wrap_to_fit_their_column():
    """Presented, every network's formulas (one of each kind and layer; the largest own
    network's, and on a page too) break their lines so that each one's estimated width fits
    its column at the least type (COLUMNS), or are broken as narrow as FITTED_ROOMS goes; a
    preset on a page keeps the fixed NET_ROOM_EM."""
    from bpcore.netspec import NetSpec
    from tutor.modes.lens import COLUMNS, FITTED_ROOMS, NET_ROOM_EM
    from tutor.ui.formula_width import formula_em

    own = trace_net(NetSpec.random((4, 4, 4, 4, 4), ("tanh", "relu", "sigmoid", "softmax"),
                                   "cross_entropy", seed=3, samples=4))
    lenses = [NetLens(own, "own", presenting=True), NetLens(own, "own", presenting=False),
              *(NetLens(trace, n, presenting=True) for n, trace in TRACES.items())]
    for lens in lenses:
        column = lens.column()
        assert column is not None
        for phases in (("forward", "error"), ("backward",), ("update",)):
            seen = set()
            for step in lens.trace.phase_steps(*phases):
                key = (step.qname.kind, step.qname.layer) if step.qname else step.name
                if key in seen:
                    continue
                seen.add(key)
                room = lens.room(step, 4)
                # fits, or is broken as narrow as it goes (a softmax's fraction does not break)
                assert formula_em(lens.formula(step, 4)) <= column.em or \
                    room == min(FITTED_ROOMS), (lens.scope, key)
    assert COLUMNS[(True, True)].em > COLUMNS[(True, False)].em  # a crowded one's is wider
    small = NetLens(TRACES["xor"], "xor", presenting=False)
    assert small.column() is None and small.room(TRACES["xor"].steps[0], 4) == NET_ROOM_EM


def test_the_worked_lens_names_steps_and_operands_from_their_typed_names():
    """The worked example's lens writes each step and operand from its QName, the same text
    as the tutorial's name gives (δ_o1, ∂E/∂w5, target_o1, η)."""
    from bpcore import Scenario, trace_step
    from tutor.modes.lens import WorkedLens
    from tutor.ui.notation import text

    trace = trace_step(Scenario(train_biases=True))
    lens = WorkedLens(trace)
    for step in trace.steps:
        assert step.operand_qnames and lens.text(step) == text(step.name)
        for slot, name in enumerate(step.operand_names):
            assert lens.operand(step, slot) == text(name), (step.name, name)
