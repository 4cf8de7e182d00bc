"""The network builder on the learner's own points under AppTest: upload, clicks, links."""

import json

import numpy as np
import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from bpcore import Scenario, userdata
from bpcore.builder import DataSpec
from bpcore.data import split, toy
from bpcore.errors import CodedError
from bpcore.recipe import Recipe
from tests.app.apptest import APP, open_page
from tutor.builder import state as bs
from tutor.i18n import LANGUAGES, t, tn
from tutor.lesson.codec import Lesson, encode
from tutor.ui.reasons import reason

GOOD = b"x1,x2,class\n0.5,0.5,0\n-0.5,-0.5,0\n0.5,-0.5,1\n-0.5,0.5,1\n0.6,0.4,0\n-0.4,0.6,1\n"


def open_own(lang: str = "en") -> AppTest:
    """The builder on its own points (a copy of the default moons), with short training."""
    at = open_page("builder", lang, preset={bs.BUILDER_EPOCHS: 30})
    return at.radio(key=bs.BUILDER_SOURCE).set_value("own").run()


def kept(at: AppTest):
    return at.session_state[bs.BUILDER_RESULT.key]


def upload(at: AppTest, data: bytes, name: str = "points.csv") -> AppTest:
    return at.file_uploader(key=bs.BUILDER_UPLOAD).set_value((name, data, "text/csv")).run()


def select_on_plane(at: AppTest, *points: dict) -> AppTest:
    """What a click on the plane sends: the chart's selection state (AppTest has no plotly
    widget of its own, so the state goes in with the other widgets' states)."""
    chart = next(c for c in at.get("plotly_chart") if c.proto.id.endswith(bs.BUILDER_PLANE))
    states = at._tree.get_widget_states()
    state = WidgetState(id=chart.proto.id)
    state.string_value = json.dumps({"selection": {
        "points": list(points), "point_indices": [p["point_index"] for p in points],
        "box": [], "lasso": []}})
    states.widgets.append(state)
    return at._run(states)


def plane(at: AppTest) -> dict:
    """The boundary plot's figure (the chart keyed builder_state.BUILDER_PLANE)."""
    chart = next(c for c in at.get("plotly_chart") if c.proto.id.endswith(bs.BUILDER_PLANE))
    return json.loads(chart.proto.spec)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_own_points_start_as_the_toy_set_and_train(lang):
    at = open_own(lang)
    assert not at.exception
    points = at.session_state[bs.BUILDER_OWN]
    X, y = toy("moons", 200, 0.1, 0)
    np.testing.assert_array_equal(points.X, np.round(X, 3))
    np.testing.assert_array_equal(points.y, y)
    recipe, run = kept(at)
    assert recipe.points == points
    np.testing.assert_array_equal(run.X_train, split(points.X, points.y, 0.25, 0)[0])
    assert tn("builder.own_count", 200, lang, classes=2) in [c.value for c in at.caption]
    # 200 points are too many for a link: the page says so
    assert t("builder.link_without_points", lang, limit=100) in [c.value for c in at.caption]
    assert not [s for s in at.slider if s.key in (bs.BUILDER_POINTS, bs.BUILDER_NOISE)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_good_csv_becomes_the_data_and_the_network_retrains_on_it(lang):
    at = upload(open_own(lang), GOOD)
    assert not at.exception and not at.error
    points = at.session_state[bs.BUILDER_OWN]
    assert points == userdata.parse_csv(GOOD)
    recipe, run = kept(at)
    assert recipe.points == points
    assert len(run.X_train) + len(run.X_test) == 6
    assert tn("builder.own_count", 6, lang, classes=2) in [c.value for c in at.caption]
    drawn = [tr for tr in plane(at)["data"] if tr.get("customdata") and tr["customdata"][0] >= 0]
    assert sorted(i for tr in drawn for i in tr["customdata"]) == list(range(6))


BAD = {
    "empty": b"",
    "too_big": b"0,0,0\n" * (2 * 1024 * 1024),  # 12 MB
    "text": b"x1,x2,class\n0.5,0.5,0\n-0.5,abc,1\n",
    "one_class": b"x1,x2,class\n0,0,1\n1,1,1\n2,2,1\n3,3,1\n",
    "nan": b"x1,x2,class\n0.5,nan,0\n-0.5,0.5,1\n",
    "columns": b"x1,x2,class\n0.5,0.5\n",
    "classes": b"x1,x2,class\n0,0,0\n1,1,1\n2,2,4\n",
    "header": b"a,b,c\n0,0,0\n",
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_csv_is_refused_beside_the_uploader_and_nothing_changes(case, lang):
    at = open_own(lang)
    before_points, before_run = at.session_state[bs.BUILDER_OWN], kept(at)[1]
    at = upload(at, BAD[case])
    assert not at.exception
    with pytest.raises(CodedError) as caught:
        userdata.parse_csv(BAD[case])
    assert [e.value for e in at.error] == [reason(caught.value, lang)]
    assert at.session_state[bs.BUILDER_OWN] is before_points
    assert kept(at)[1] is before_run
    # a good file afterwards is taken, and the message goes
    at = upload(at, GOOD, "good.csv")
    assert not at.error and at.session_state[bs.BUILDER_OWN].n == 6


def test_the_messages_name_the_row_column_and_limit():
    at = upload(open_own(), BAD["text"])
    assert at.error[0].value == "row 3: x2 “abc” is not a number"
    at = upload(at, BAD["classes"], "c.csv")
    assert "at most 3 units" in at.error[0].value
    at = upload(at, BAD["too_big"], "big.csv")
    assert at.error[0].value == (f"the file is {len(BAD['too_big']):,} bytes: at most "
                                 f"{userdata.MAX_BYTES:,} bytes are read")
    at = upload(open_own("zh"), BAD["one_class"])
    assert at.error[0].value == "所有点都属于第 1 类：分类器至少需要两个类别的点"


def test_a_click_on_a_free_position_adds_a_point_of_the_chosen_class():
    at = upload(open_own(), GOOD)
    at.selectbox(key=bs.BUILDER_ADD_CLASS).select(1).run()
    free = next(tr for tr in plane(at)["data"] if tr.get("customdata", [0])[0] == -1)
    x, y = free["x"][7], free["y"][7]
    at = select_on_plane(at, {"curve_number": 1, "point_number": 7, "point_index": 7,
                              "x": x, "y": y, "customdata": -1})
    assert not at.exception
    points = at.session_state[bs.BUILDER_OWN]
    assert points.n == 7
    np.testing.assert_array_equal(points.X[-1], [x, y])
    assert points.y[-1] == 1
    recipe, run = kept(at)
    assert recipe.points == points and len(run.X_train) + len(run.X_test) == 7
    # the new point is drawn where it was clicked and that position is no longer free
    free = next(tr for tr in plane(at)["data"] if tr.get("customdata", [0])[0] == -1)
    assert (x, y) not in zip(free["x"], free["y"], strict=True)


def test_a_click_on_a_point_removes_it():
    at = upload(open_own(), GOOD)
    at = select_on_plane(at, {"curve_number": 2, "point_number": 0, "point_index": 0,
                              "x": -0.5, "y": -0.5, "customdata": 1})
    assert not at.exception
    points = at.session_state[bs.BUILDER_OWN]
    expected = userdata.remove_point(userdata.parse_csv(GOOD), 1)
    assert points == expected and points.n == 5
    assert kept(at)[0].points == expected


def test_clear_leaves_an_empty_plane_that_clicks_fill_again():
    at = upload(open_own(), GOOD)
    before = kept(at)[1]
    at.button[[b.label for b in at.button].index(t("builder.clear", "en"))].click().run()
    assert at.session_state[bs.BUILDER_OWN].n == 0
    assert [e.value for e in at.error] == [tn("builder.reason.too_few_points", 0, "en", count=0,
                                              limit=userdata.MIN_POINTS)]
    assert kept(at)[1] is before  # the last network that could be trained stays kept (not drawn)
    free = next(tr for tr in plane(at)["data"] if tr.get("customdata", [0])[0] == -1)
    assert len(free["x"]) == userdata.CLICK_GRID**2
    at = click_four_points(at)
    assert not at.exception and not at.error
    points = at.session_state[bs.BUILDER_OWN]
    assert points.n == 4 and list(points.y) == [0, 1, 0, 1]
    assert kept(at)[0].points == points


def no_boundary_only_the_points(at: AppTest, points: userdata.Points) -> None:
    """The page shows the plane with ``points`` and nothing of an older run: no boundary (the
    heatmap), no metrics, no code view, no traceback; a click can still add a point."""
    assert not at.exception
    figure = plane(at)
    assert [tr["type"] for tr in figure["data"] if tr["type"] != "scatter"] == []
    drawn = sorted((x, y) for tr in figure["data"] if tr.get("customdata", [-1])[:1] != [-1]
                   for x, y in zip(tr["x"], tr["y"], strict=True))
    assert drawn == sorted(map(tuple, points.X.tolist()))
    assert any(tr.get("customdata", [0])[:1] == [-1] for tr in figure["data"])  # clickable
    assert not at.metric  # no accuracies of a run on other points
    assert not [c for c in at.get("code") if c.language == "python"]  # no code view
    assert len(at.get("plotly_chart")) == 1  # the plane alone: no loss curves, no norms


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_class_left_after_a_click_is_explained_without_the_old_boundary(lang):
    at = upload(open_own(lang), b"x1,x2,class\n0,0,0\n1,1,0\n2,2,0\n2,0,0\n3,3,1\n")
    before = kept(at)[1]
    at = select_on_plane(at, {"curve_number": 2, "point_number": 0, "point_index": 0,
                              "x": 3, "y": 3, "customdata": 4})
    points = at.session_state[bs.BUILDER_OWN]
    assert points.n == 4
    assert [e.value for e in at.error] == [t("builder.reason.one_class", lang, value=0)]
    assert kept(at)[1] is before  # the last trained run is kept for when the points train again
    assert t("builder.kept", lang) not in [c.value for c in at.caption]
    no_boundary_only_the_points(at, points)


def click_four_points(at):
    """Click four free places on the plane, of classes 0, 1, 0, 1; the page after each."""
    for k, cls in enumerate((0, 1, 0, 1)):
        at.selectbox(key=bs.BUILDER_ADD_CLASS).select(cls).run()
        free = next(tr for tr in plane(at)["data"] if tr.get("customdata", [0])[0] == -1)
        i = 100 * k + 5
        at = select_on_plane(at, {"curve_number": 1, "point_number": i, "point_index": i,
                                  "x": free["x"][i], "y": free["y"][i], "customdata": -1})
        assert not at.exception
    return at


@pytest.mark.parametrize("lang", LANGUAGES)
def test_clear_all_is_explained_without_a_traceback_or_the_old_boundary(lang):
    at = open_own(lang)
    at = next(b for b in at.button if b.label == t("builder.clear", lang)).click().run()
    assert at.session_state[bs.BUILDER_OWN].n == 0
    assert [e.value for e in at.error] == [
        tn("builder.reason.too_few_points", 0, lang, count=0, limit=userdata.MIN_POINTS)]
    no_boundary_only_the_points(at, userdata.EMPTY)
    # the plane still takes clicks: four points of two classes train again
    at = click_four_points(at)
    assert not at.error and any(tr["type"] == "heatmap" for tr in plane(at)["data"])


def test_a_click_past_the_point_limit_is_refused_under_the_plot():
    full = userdata.make_points(np.c_[np.linspace(-1, 1, 1000), np.zeros(1000)],
                                np.arange(1000) % 2)
    at = upload(open_own(), userdata.to_csv(full))
    assert at.session_state[bs.BUILDER_OWN] == full
    at = select_on_plane(at, {"curve_number": 1, "point_number": 0, "point_index": 0,
                              "x": 0.5, "y": 0.9, "customdata": -1})
    assert at.session_state[bs.BUILDER_OWN] == full
    assert [e.value for e in at.error] == [t("reason.click.too_many_points", "en",
                                             limit="1,000")]


def test_the_download_offers_the_points_in_use_and_reads_back_the_same():
    at = upload(open_own(), GOOD)
    label = t("builder.download", "en")
    assert [b for b in at.get("download_button") if b.label == label]
    offered = userdata.to_csv(at.session_state[bs.BUILDER_OWN])
    assert userdata.parse_csv(offered) == at.session_state[bs.BUILDER_OWN]
    before = kept(at)[1]
    at = upload(at, offered, "again.csv")  # the same points again: nothing to retrain
    assert kept(at)[1] is before


def test_a_link_carries_few_points_and_opens_on_them():
    points = userdata.parse_csv(GOOD)
    recipe = Recipe(data=DataSpec(seed=2, test_fraction=0.3), epochs=25, points=points)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lesson"] = encode(Lesson(Scenario.worked_example(), builder=recipe))
    at.run()
    at.switch_page("app_pages/builder.py").run()
    assert not at.exception
    assert at.radio(key=bs.BUILDER_SOURCE).value == "own"
    assert at.session_state[bs.BUILDER_OWN] == points
    assert kept(at)[0] == recipe
    # and the page writes the same recipe, points included, back into its own link
    link = at.query_params["lesson"]
    link = link[0] if isinstance(link, list) else link
    from tutor.lesson.codec import decode
    assert decode(link).builder == recipe


def test_back_to_a_toy_set_and_again_to_the_own_points_keeps_them():
    at = upload(open_own(), GOOD)
    at.radio(key=bs.BUILDER_SOURCE).set_value("toy").run()
    assert kept(at)[0].points is None
    at.radio(key=bs.BUILDER_SOURCE).set_value("own").run()
    assert at.session_state[bs.BUILDER_OWN] == userdata.parse_csv(GOOD)
    at.switch_page("app_pages/forward.py").run()
    at.switch_page("app_pages/builder.py").run()
    assert not at.exception and kept(at)[0].points == userdata.parse_csv(GOOD)


def test_while_playing_the_own_points_plane_is_played_in_batches_and_not_clickable():
    from tutor.builder.playbatch import unpacked

    at = open_own()
    at.button(key="builder_restart_button").click().run()
    at.button(key="builder_play_button").click().run()
    assert not at.exception and at.session_state[bs.WATCH_PLAYING]
    [player] = at.get("bidi_component")  # one element: the player, a batch of frames a run
    assert player.proto.component_name == "bptutor_frame_player"
    batch = unpacked(player.proto.bytes)
    assert len(batch["frames"]) > 1
    points = kept(at)[0].points
    for frame in batch["frames"]:  # the own points on every frame's plane
        xs = [x for tr in frame["plane"]["figure"]["data"] if tr.get("type") == "scatter"
              for x in tr.get("x", [])]
        assert set(points.X[:, 0].round(6)) <= {round(x, 6) for x in xs}
    assert not [c for c in at.get("plotly_chart") if c.proto.id.endswith(bs.BUILDER_PLANE)]
    assert t("builder.click_paused", "en") in [c.value for c in at.caption]
    at.run()  # the next batch: the same element
    [again] = at.get("bidi_component")
    assert again.proto.id == player.proto.id and not at.exception
    assert unpacked(again.proto.bytes)["seq"] == batch["seq"] + 1
    at.button(key="builder_play_button").click().run()  # Pause: clickable again
    assert [c for c in at.get("plotly_chart") if c.proto.id.endswith(bs.BUILDER_PLANE)]
    assert t("builder.click_help", "en", k=0) in [c.value for c in at.caption]
