"""A learner's own points: CSV read and refused with a code, edited by clicks, written back."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcore.builder import BuilderError, DataSpec
from bpcore.data import split, toy
from bpcore.errors import CodedError
from bpcore.recipe import POINTS_KEY, Recipe
from bpcore.userdata import (
    COORDINATE,
    EMPTY,
    LINK_POINTS,
    MAX_BYTES,
    MAX_CLASSES,
    MAX_POINTS,
    MIN_POINTS,
    add_point,
    check_trainable,
    click_positions,
    from_link,
    linkable,
    make_points,
    parse_csv,
    plane,
    remove_point,
    split_indices,
    to_csv,
    to_link,
)
from tutor.serving.kept import exact_key

GOOD = b"x1,x2,class\n0.5,-0.25,0\n1,2,1\n-1.5,0.75,1\n0,0,0\n"


def refusal(data: bytes) -> CodedError:
    with pytest.raises(CodedError) as caught:
        parse_csv(data)
    assert caught.value.field == "data_file"
    return caught.value


def test_a_good_file_gives_its_points_in_order():
    p = parse_csv(GOOD)
    np.testing.assert_array_equal(p.X, [[0.5, -0.25], [1, 2], [-1.5, 0.75], [0, 0]])
    np.testing.assert_array_equal(p.y, [0, 1, 1, 0])
    assert (p.n, p.classes) == (4, 2)
    with pytest.raises(ValueError):
        p.X[0, 0] = 9.0  # read-only: a kept data set cannot be changed in place


@pytest.mark.parametrize("data", [
    b"0.5,-0.25,0\n1,2,1\n-1.5,0.75,1\n0,0,0\n",  # no header
    "\ufeffx1,x2,class\r\n0.5,-0.25,0\r\n1,2,1\r\n\r\n-1.5,0.75,1\r\n0,0,0".encode(),  # BOM, CRLF
    b"class,x2,x1\n0,-0.25,0.5\n1,2,1\n1,0.75,-1.5\n0,0,0\n",  # columns in another order
    b" X1 , x2 ,CLASS\n 0.5 ,-0.25, 0\n1,2,1.0\n-1.5,0.75,1\n0,0,0\n",  # spaces, case
    "x1，x2，class\n0.5，-0.25，0\n1，2，1\n-1.5，0.75，1\n0，0，0\n".encode(),  # full-width commas
])
def test_the_same_points_in_every_accepted_spelling(data):
    assert parse_csv(data) == parse_csv(GOOD)


@pytest.mark.parametrize(("data", "code", "params"), [
    (b"", "empty", {}),
    (b"\n\n  \n", "empty", {}),
    (b"x1,x2,class\n", "empty", {}),
    (b"x" * (10 * 1024 * 1024), "too_big", {"size": 10 * 1024 * 1024, "limit": MAX_BYTES}),
    (b"\xff\xfe0\x00.\x005\x00", "not_utf8", {}),
    (b"a,b,c\n1,2,0\n", "header", {"value": "a,b,c"}),
    (b"x1,x2\n1,2\n", "header", {"value": "x1,x2"}),
    (b"x1,x1,class\n1,2,0\n", "duplicate_header", {"value": "x1"}),
    (b"x1,x2,class\n1,2,0\n3,4\n", "columns", {"row": 3, "found": 2, "expected": 3}),
    (b"x1,x2,class\n1,2,0\n3,4,1,5\n", "columns", {"row": 3, "found": 4, "expected": 3}),
    (b"x1,x2,class\n1,2,0\n3,abc,1\n", "not_a_number",
     {"row": 3, "column": "x2", "value": "abc"}),
    (b"x1,x2,class\nnan,2,0\n", "not_finite", {"row": 2, "column": "x1", "value": "nan"}),
    (b"x1,x2,class\n1,-inf,0\n", "not_finite", {"row": 2, "column": "x2", "value": "-inf"}),
    (b"x1,x2,class\n1,,0\n", "empty_cell", {"row": 2, "column": "x2"}),
    (b"x1,x2,class\n1,5000,0\n", "out_of_range",
     {"row": 2, "column": "x2", "value": "5000", "lo": -COORDINATE, "hi": COORDINATE}),
    (b"x1,x2,class\n1,2,0.5\n", "class_not_whole", {"row": 2, "column": "class",
                                                    "value": "0.5"}),
    (b"x1,x2,class\n1,2,-1\n", "class_not_whole", {"row": 2, "column": "class",
                                                   "value": "-1"}),
    (b"x1,x2,class\n1,2,nan\n", "class_not_whole", {"row": 2, "column": "class",
                                                    "value": "nan"}),
    (b"x1,x2,class\n1,2,one\n", "not_a_number", {"row": 2, "column": "class",
                                                 "value": "one"}),
    (b"x1,x2,class\n1,2,0\n1,3,1\n2,2,7\n", "too_many_classes",
     {"row": 4, "value": 7, "limit": MAX_CLASSES}),
    (b"x1,x2,class\n" + b"0,0,0\n0,1,1\n" * 501, "too_many_points",
     {"count": 1002, "limit": MAX_POINTS}),
    (b"x1,x2,class\n1,2,1\n3,4,1\n5,6,1\n7,8,1\n", "one_class", {"value": 1}),
    (b"x1,x2,class\n1,2,0\n3,4,1\n", "too_few_points", {"count": 2, "limit": MIN_POINTS}),
    (b"x1,x2,class\n1,2,0\n3,4,2\n5,6,0\n7,8,2\n", "class_gap", {"value": 1, "classes": 3}),
])
def test_every_bad_file_is_refused_with_its_code_and_where(data, code, params):
    err = refusal(data)
    assert (err.code, err.params) == (code, params)


def test_size_is_checked_before_anything_is_decoded():
    assert refusal(b"\xff" * (MAX_BYTES + 1)).code == "too_big"
    assert refusal(b"\xff" * MAX_BYTES).code == "not_utf8"


finite = st.floats(-COORDINATE, COORDINATE, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.tuples(finite, finite, st.integers(0, MAX_CLASSES - 1)),
                min_size=MIN_POINTS, max_size=60))
def test_download_then_upload_gives_the_same_points_bit_for_bit(rows):
    X = [(a, b) for a, b, _ in rows]
    y = [c for *_, c in rows]
    try:
        points = check_trainable(make_points(X, y))
    except CodedError:
        return  # not a set a file may hold (one class, a gap): parse_csv refuses it too
    back = parse_csv(to_csv(points))
    assert back == points
    np.testing.assert_array_equal(back.X, points.X)
    assert back.X.tobytes() == points.X.tobytes()  # −0.0 and every last bit kept


def test_equal_points_are_one_key_and_different_points_another():
    one, same = parse_csv(GOOD), parse_csv(GOOD.replace(b"x1,x2,class\n", b""))
    other = add_point(one, 0.1, 0.1, 1)
    assert exact_key(Recipe(points=one)) == exact_key(Recipe(points=same))
    assert exact_key(Recipe(points=one)) != exact_key(Recipe(points=other))
    assert Recipe(points=one) == Recipe(points=same) != Recipe()


def test_a_click_adds_at_the_end_and_removes_by_index():
    p = parse_csv(GOOD)
    added = add_point(p, 0.125, -0.5, 2)
    np.testing.assert_array_equal(added.X[-1], [0.125, -0.5])
    assert added.y[-1] == 2 and added.n == 5 and p.n == 4  # the original is unchanged
    removed = remove_point(added, 1)
    np.testing.assert_array_equal(removed.X, np.delete(added.X, 1, axis=0))
    np.testing.assert_array_equal(removed.y, np.delete(added.y, 1))
    with pytest.raises(IndexError):
        remove_point(p, 4)


def test_a_click_past_the_point_limit_is_refused():
    full = make_points(np.zeros((MAX_POINTS, 2)), np.arange(MAX_POINTS) % 2)
    with pytest.raises(CodedError) as caught:
        add_point(full, 0.0, 0.0, 0)
    assert (caught.value.field, caught.value.code) == ("click", "too_many_points")
    assert caught.value.params == {"count": MAX_POINTS + 1, "limit": MAX_POINTS}


def test_the_plane_holds_the_points_and_the_unit_square_with_room_around():
    low, high = plane(np.array([[3.0, 0.0], [4.0, 0.5]]))
    assert (low < [-1, -1]).all() and (high > [4, 1]).all()
    low, high = plane(EMPTY.X)
    np.testing.assert_allclose(low, [-1.3, -1.3])
    np.testing.assert_allclose(high, [1.3, 1.3])


def test_free_positions_cover_the_plane_except_next_to_a_point():
    p = make_points([[0.0, 0.0]], [0])
    free = click_positions(p, size=11)
    low, high = plane(p.X)
    step = (high - low) / 10
    assert len(click_positions(EMPTY, size=11)) == 121
    assert len(free) < 121
    assert (np.abs(free / step).max(axis=1) >= 1).all()  # none within one step of (0, 0)
    assert (free >= low - 1e-3).all() and (free <= high + 1e-3).all()
    np.testing.assert_array_equal(free, np.round(free, 3))  # a click adds a linkable point


def test_the_split_is_bpcores_seeded_split():
    X, y = toy("moons", 50, 0.1, 3)
    p = make_points(X, y)
    train, test = split_indices(p.n, 0.3, 9)
    X_train, y_train, X_test, y_test = split(p.X, p.y, 0.3, 9)
    np.testing.assert_array_equal(p.X[train], X_train)
    np.testing.assert_array_equal(p.y[test], y_test)
    assert sorted([*train, *test]) == list(range(50))


def test_a_recipe_trains_on_the_own_points_split_by_its_seed_and_share():
    X, y = toy("xor", 80, 0.05, 1)
    p = make_points(np.round(X, 3), y)
    recipe = Recipe(data=DataSpec(seed=4, test_fraction=0.2), epochs=20, points=p)
    run = recipe.run()
    X_train, y_train, X_test, y_test = split(p.X, p.y, 0.2, 4)
    np.testing.assert_array_equal(run.X_train, X_train)
    np.testing.assert_array_equal(run.y_test, y_test)
    assert run.classes == 2 and len(run.curves.train_loss) == 21


@pytest.mark.parametrize(("points", "code"), [
    (EMPTY, "too_few_points"),
    (make_points(np.zeros((5, 2)), [1] * 5), "one_class"),
    (make_points(np.zeros((5, 2)), [0, 2, 0, 2, 0]), "class_gap"),
])
def test_points_a_classifier_cannot_learn_are_refused_before_training(points, code):
    with pytest.raises(BuilderError) as caught:
        Recipe(points=points).run()
    assert (caught.value.field, caught.value.code) == ("data", code)


def test_a_link_carries_few_exact_points_and_leaves_others_out():
    few = parse_csv(GOOD)
    assert linkable(few)
    d = json.loads(json.dumps(Recipe(points=few).to_dict()))
    back = Recipe.from_dict(d)
    assert back == Recipe(points=few) and back.points is not None
    np.testing.assert_array_equal(back.points.X, few.X)
    X, y = toy("moons", 50, 0.1, 0)
    unrounded = make_points(X, y)
    many = make_points(np.zeros((LINK_POINTS + 1, 2)), np.arange(LINK_POINTS + 1) % 2)
    for points in (unrounded, many):
        assert not linkable(points)
        d = Recipe(points=points).to_dict()
        assert POINTS_KEY not in d["data"] and Recipe.from_dict(d) == Recipe()


@pytest.mark.parametrize("bad", [
    {"v": 2, "xyc": [0, 0, 0]}, {"v": 1}, {"v": 1, "xyc": [0, 0]},
    {"v": 1, "xyc": [0, 0, 0.5] * 4}, {"v": 1, "xyc": [0, 0, True] * 4},
    {"v": 1, "xyc": [0, 0, 0] * 4},  # one class only
    {"v": 1, "xyc": [0, 0, 0, 1, 1, 1] * (LINK_POINTS // 2 + 1)},  # too many for a link
    {"v": 1, "xyc": [0, 0, 0, 1, 1, 5] * 2},  # class 5
    {"v": 1, "xyc": [10**9, 0, 0, 1, 1, 1] * 2},  # x1 = 10⁶
])
def test_a_links_points_are_checked_as_a_file_is(bad):
    with pytest.raises(ValueError):
        from_link(bad)
    d = Recipe(points=parse_csv(GOOD)).to_dict()
    d["data"][POINTS_KEY] = bad
    with pytest.raises(BuilderError):
        Recipe.from_dict(d)


def test_to_link_is_exact_at_three_decimals():
    p = make_points([[0.123, -4.5], [999.999, -0.001], [0, 0], [1, 1]], [0, 1, 0, 1])
    assert to_link(p) == {"v": 1, "xyc": [123, -4500, 0, 999999, -1, 1, 0, 0, 0, 1000, 1000,
                                          1]}
    assert from_link(to_link(p)) == p
