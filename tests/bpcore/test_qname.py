"""Typed names: the general notation w^l_jk as data, and the two-way map to Mazur's names."""

from __future__ import annotations

import pytest

from bpcore.errors import CodedError
from bpcore.presets import PRESETS, preset
from bpcore.qname import (
    MAZUR,
    QName,
    b,
    before_update,
    from_mazur,
    gradient,
    to_mazur,
    updated,
    w,
)
from bpcore.scenario import BIAS_INDEX, EDGES, WEIGHT_INDEX, Scenario
from bpcore.trace import trace_step


def test_w5_is_the_weight_from_h1_to_o1_in_the_general_notation():
    assert from_mazur("w5") == w(2, 1, 1) == QName("w", 2, 1, 1)
    assert to_mazur(w(2, 1, 2)) == "w6" and EDGES["w6"] == ("h2", "o1")
    assert to_mazur(w(1, 2, 1)) == "w3" and EDGES["w3"] == ("i1", "h2")
    assert w(2, 1, 1).latex() == "w^{2}_{11}"
    assert from_mazur("net_h1") == QName("net", 1, 1, sample=1)
    assert from_mazur("dEo2_dout_h1") == QName("path", 1, 1, 2, sample=1)
    assert from_mazur("b_o2") == b(2, 2) and from_mazur("w8_new") == QName("w_new", 2, 2, 2)


def test_the_mapping_agrees_with_the_scenarios_own_index():
    for name, (layer, row, col) in WEIGHT_INDEX.items():  # W_l[k − 1, j − 1] is w^l_jk
        assert from_mazur(name) == w(layer + 1, col + 1, row + 1)
    for name, (layer, j) in BIAS_INDEX.items():
        assert from_mazur(name) == b(layer + 1, j + 1)
    spec = PRESETS["worked"]()
    scenario = Scenario()
    for name in WEIGHT_INDEX:
        qn = from_mazur(name)
        assert spec.weights[qn.layer - 1][qn.source - 1][qn.index - 1] == scenario.get(name)


@pytest.mark.parametrize("train_biases", [False, True])
def test_every_name_of_the_worked_trace_maps_both_ways(train_biases):
    names = set(trace_step(Scenario(train_biases=train_biases)).values)
    names |= {"i1", "i2", "target_o1", "target_o2", "eta", *WEIGHT_INDEX, *BIAS_INDEX}
    assert names <= set(MAZUR)
    for name in names:
        assert to_mazur(from_mazur(name)) == name
    assert len(set(MAZUR.values())) == len(MAZUR)  # one QName per name: a bijection


def test_names_outside_the_worked_example_are_refused():
    for name in ("w9", "net_h3", "", "w5; drop"):
        with pytest.raises(CodedError):
            from_mazur(name)
    with pytest.raises(CodedError):
        to_mazur(QName("net", 3, 1, sample=1))
    with pytest.raises(CodedError):
        to_mazur(QName("net", 1, 1, sample=2))  # a second sample: not the worked example


def test_a_qname_is_checked_and_written_in_one_notation():
    with pytest.raises(CodedError):
        QName("weight", 1, 1, 1)
    with pytest.raises(CodedError):
        QName("w", 1, 1)  # a weight needs its source neuron
    with pytest.raises(CodedError):
        QName("net", 1, 1, 2, sample=1)  # a net has none
    net = QName("net", 1, 2, sample=2)
    assert net.latex(batch=1) == "net^{1}_{2}" and net.latex(batch=2) == "net^{1(2)}_{2}"
    assert QName("delta", 2, 1, sample=1).latex() == r"\delta^{2}_{1}"
    assert QName("x", 0, 1, sample=1).latex() == "x_{1}"
    assert QName("E").latex() == "E" and QName("E_new").latex() == "{E}^{+}"
    assert QName("w_new", 2, 1, 1).latex() == "{w^{2}_{11}}^{+}"  # never a double ^
    assert QName("net_new", 1, 2, sample=1).latex() == "{net^{1}_{2}}^{+}"
    assert len({QName("w", 2, 1, 1).id, QName("w", 2, 1, 1, None).id,
                QName("w_new", 2, 1, 1).id}) == 2
    assert sorted([QName("w", 2, 1, 1), QName("b", 1, 1)])[0].kind == "b"  # orderable


def test_a_preset_is_found_by_its_id_and_an_unknown_one_refused():
    assert preset("xor") == PRESETS["xor"]()
    for bad in ("XOR", "", "worked;", None):
        with pytest.raises(CodedError) as err:
            preset(bad)
        assert (err.value.field, err.value.code) == ("net", "unknown")


def test_a_parameters_gradient_update_and_back():
    weight, bias = w(2, 1, 3), b(1, 2)
    assert gradient(weight) == QName("dE_dw", 2, 1, 3) and gradient(bias) == QName("dE_db", 1, 2)
    assert updated(weight) == QName("w_new", 2, 1, 3) and updated(bias) == QName("b_new", 1, 2)
    assert before_update(updated(weight)) == weight and before_update(updated(bias)) == bias
