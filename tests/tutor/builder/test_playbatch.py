"""A batch of Play's frames (tutor.builder.playbatch): which epochs, bounded, and the same
numbers as a fresh recompute of each frame."""

import json

from bpcore.recipe import Recipe
from tutor.builder import playbatch
from tutor.builder.playframes import curves_spec, network_spec, plane_spec, recorded_frame
from tutor.i18n import t
from tutor.ui.frames import prepared
from tutor.ui.player import report


def test_a_run_plays_in_batches_of_every_stride_th_kept_epoch_ending_on_the_last():
    kept = list(range(401))  # the default run: 400 epochs, every one kept
    step = playbatch.stride(len(kept))
    assert step == 5  # 80 frames: about PLAY_SECONDS at FRAME_SECONDS a frame
    seen, at = [], 0
    while batch := playbatch.next_epochs(kept, at):
        assert 1 <= len(batch) <= playbatch.BATCH_FRAMES
        seen += batch
        at = batch[-1]
    assert seen == list(range(5, 401, 5)) and playbatch.next_epochs(kept, 400) == []
    assert playbatch.next_epochs([0, 1, 2], 0) == [1, 2]  # a short run: every kept epoch
    assert playbatch.next_epochs(list(range(13)), 8) == [9, 10, 11, 12]


def test_a_batch_is_bounded_and_carries_each_frame_as_a_fresh_recompute_draws_it():
    run = Recipe().run()  # the default 2-8-8-2 network on two moons
    epochs = playbatch.next_epochs([f.epoch for f in run.frames], 100)
    frames = [recorded_frame(run, Recipe(), e, "zh", 3, True, False, (1, 2)) for e in epochs]
    counters = [t("builder.epoch_of", "zh", epoch=e, epochs=400, train="1", test="2")
                for e in epochs]
    payload = playbatch.batch_payload(7, epochs, frames, counters, last=False)
    assert len(payload) < 200_000  # ≈ 0.15 MB: one second of Play (module docstring)
    batch = playbatch.unpacked(payload)
    assert batch["seq"] == 7 and batch["ms"] == 125 and batch["last"] is False
    assert [f["at"] for f in batch["frames"]] == [f["marker"] for f in batch["frames"]] == epochs
    curves = prepared(curves_spec(run, "zh", epochs[0]), 3, "zh")
    assert batch["curves"] == json.loads(curves.payload)
    for epoch, frame in zip(epochs, batch["frames"], strict=True):
        network = run.network_at(run.frames[epoch])
        fresh_net = prepared(network_spec(run, network, "zh"), 3, "zh")
        fresh_plane = prepared(plane_spec(run, Recipe(), network, "zh", (1, 2), True, False),
                               3, "zh")
        assert frame["network"] == json.loads(fresh_net.payload)
        assert frame["plane"] == json.loads(fresh_plane.payload)
        assert frame["counter"].startswith(f"<strong>第 {epoch} 轮</strong>")


def test_the_counter_s_html_escapes_every_text_and_only_bolds():
    assert playbatch.counter_html('**<b>&"x"** · <script>') == (
        "<strong>&lt;b&gt;&amp;&quot;x&quot;</strong> · &lt;script&gt;")


def test_a_report_is_read_only_from_a_small_dict_of_integers():
    assert report({"seq": 2, "at": 40, "asked": 1}) == (2, 40, False)
    assert report({"seq": 2, "at": 40, "stop": True}).stop
    for hostile in (None, "x", [], {"seq": 2}, {"seq": 2.0, "at": 1}, {"seq": True, "at": 1},
                    {"seq": -1, "at": 1}, {"seq": 1, "at": 2**31}, {"seq": 1, "at": "1"},
                    {"seq": 1, "at": [1] * 10_000}):
        assert report(hostile) is None
    assert report({"seq": 1, "at": 1, "stop": "yes"}) == (1, 1, False)
