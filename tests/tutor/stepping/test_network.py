"""The network in use on the stepping pages: chosen by id, kept with its NetSpec, restarting
the steppers when it changes; ?net= applied once and refused unread when too long; kept in
the address on the stepping pages only (none for the worked example)."""

from __future__ import annotations

import pytest

from bpcore.errors import CodedError
from bpcore.presets import preset
from bpcore.qname import QName
from tutor.stepping import network
from tutor.stepping.state import PLAYING, STEP_BACKWARD, STEP_FORWARD, STEP_KEYS
from tutor.ui.netnotation import qtext


def test_the_worked_example_is_in_use_until_another_is_chosen():
    ss: dict = {}
    assert network.net_id(ss) == "worked" and network.is_worked(ss)
    assert network.spec_in_use(ss) == preset("worked")


def test_a_new_network_restarts_every_stepper_and_stops_play():
    ss = {STEP_FORWARD: 7, STEP_BACKWARD: 3, PLAYING: ("forward", STEP_FORWARD)}
    network.set_net(ss, "softmax")
    assert ss[network.NET_SPEC] == preset("softmax")
    assert all(ss[k] == 0 for k in STEP_KEYS) and ss[PLAYING] is None
    ss[STEP_FORWARD] = 4
    network.set_net(ss, "softmax")  # the same one: the learner keeps their place
    assert ss[STEP_FORWARD] == 4
    with pytest.raises(CodedError):
        network.set_net(ss, "nope")
    assert network.net_id(ss) == "softmax"


def test_net_in_the_address_is_applied_once_and_a_bad_one_changes_nothing():
    ss: dict = {}
    network.apply_param(ss, {"net": "deep"})
    assert network.net_id(ss) == "deep" and ss[network.NET_ERROR] is None
    network.set_net(ss, "xor")  # chosen in the box since; a late run still carries ?net=deep
    network.apply_param(ss, {"net": "deep"})
    assert network.net_id(ss) == "xor"
    network.apply_param(ss, {"net": "x" * 10_000})
    assert ss[network.NET_ERROR] == "x" * network.MAX_PARAM_CHARS + "…"
    assert network.net_id(ss) == "xor"
    network.apply_param(ss, {"net": "<b>"})
    assert ss[network.NET_ERROR] == "<b>" and network.net_id(ss) == "xor"
    network.apply_param(ss, {})
    network.apply_param(ss, {"net": ""})
    assert network.net_id(ss) == "xor"


def test_the_address_says_the_network_on_the_stepping_pages_only():
    ss: dict = {}
    params: dict = {"net": "deep"}
    network.keep_in_url(ss, params, "forward")  # the worked example: no ?net=
    assert "net" not in params
    network.set_net(ss, "batch")
    for page in network.STEPPING_PAGES:
        network.keep_in_url(ss, params, page)
        assert params["net"] == "batch" and ss[network.NET_SEEN] == "batch"
    network.keep_in_url(ss, params, "training")
    assert "net" not in params


@pytest.mark.parametrize(("q", "batch", "text"), [
    (QName("w", 2, 1, 1), 1, "w²₁₁"), (QName("w_new", 1, 2, 3), 1, "w¹₂₃⁺"),
    (QName("b", 1, 2), 1, "b¹₂"), (QName("net", 1, 1, sample=2), 2, "net¹⁽²⁾₁"),
    (QName("net", 1, 1, sample=1), 1, "net¹₁"), (QName("delta", 2, 3, sample=1), 1, "δ²₃"),
    (QName("dE_dw", 2, 1, 2), 1, "∂E/∂w²₁₂"), (QName("dE_db", 1, 1), 1, "∂E/∂b¹₁"),
    (QName("E"), 1, "E"), (QName("E_new", sample=2), 2, "E⁽²⁾⁺"), (QName("x", 0, 2, sample=1), 1,
                                                                  "x₂"),
])
def test_the_general_notation_as_text(q, batch, text):
    assert qtext(q, batch) == text


def test_a_choice_that_is_no_network_changes_nothing_and_the_box_shows_the_one_in_use():
    ss = {}
    network.set_net(ss, "xor")
    ss[network.NET_WIDGET] = "Worked example (2-2-2)"  # a label a browser held on to
    network.on_widget(ss)
    assert network.net_id(ss) == "xor" and ss[network.NET_WIDGET] == "xor"
    ss[network.NET_WIDGET] = "softmax"
    network.on_widget(ss)
    assert network.net_id(ss) == "softmax"
