"""A digit drawn by hand made into a network's input (bpcore.drawing), and classified."""

import numpy as np
import pytest

from bpcore.drawing import (
    MAX_SIDE,
    area_weights,
    bounding_box,
    centre_of_mass,
    drawn_digit,
    ink_of,
    mnist_pixels,
    network_input,
    resample,
    thickened,
    uci_pixels,
)
from bpcore.errors import CodedError
from bpcore.reports import forward_view
from tutor.serving import jobs

SIZE = 280  # the page's canvas


def canvas(points, pen=22, offset=(0.0, 0.0), scale=1.0):
    """An RGBA canvas (280, 280, 4), black and opaque, with a white polyline through
    ``points`` (row, col) drawn with a round pen ``pen`` pixels wide, moved and scaled."""
    rows, cols = np.mgrid[:SIZE, :SIZE]
    ink = np.zeros((SIZE, SIZE), bool)
    pts = [(offset[0] + scale * r, offset[1] + scale * c) for r, c in points]
    radius = pen * scale / 2
    for (r0, c0), (r1, c1) in zip(pts[:-1], pts[1:], strict=False):
        for s in np.linspace(0, 1, 40):
            r, c = r0 + s * (r1 - r0), c0 + s * (c1 - c0)
            ink |= (rows - r) ** 2 + (cols - c) ** 2 <= radius ** 2
    image = np.zeros((SIZE, SIZE, 4), np.uint8)
    image[..., 3] = 255
    image[ink, :3] = 255
    return image


ANGLES = np.linspace(0, 2 * np.pi, 60)
STROKES = {
    1: [(40, 140), (240, 140)],  # a vertical line
    0: list(zip(140 + 95 * np.sin(ANGLES), 140 + 65 * np.cos(ANGLES), strict=True)),  # a ring
    7: [(50, 70), (50, 210), (240, 120)],
    4: [(40, 90), (160, 70), (160, 210), (160, 170), (40, 170), (250, 170)],
}
PLACES = {"centred, large": {}, "small, top right": {"offset": (10, 150), "scale": 0.45}}


@pytest.fixture(scope="module")
def mnist_network(seed004_subset):
    """Seed 004's recipe trained on the bundled subset (20 epochs; tests/conftest.py)."""
    return seed004_subset[0]


@pytest.fixture(scope="module")
def uci_network():
    """The page's default network on the bundled 8×8 digits."""
    return jobs.uci_training((32, 0.1, 20, 32, 0), lambda _: None)[0]


# --- the canvas's pixels as ink --------------------------------------------------------
def test_ink_is_the_grey_level_times_alpha():
    rgba = np.zeros((2, 3, 4), np.uint8)
    rgba[0, 0] = (255, 255, 255, 255)
    rgba[0, 1] = (255, 255, 255, 0)  # transparent: no ink
    rgba[1, 2] = (255, 0, 0, 255)  # red: a third of white
    ink = ink_of(rgba)
    assert ink.shape == (2, 3)
    np.testing.assert_allclose(ink, [[1, 0, 0], [0, 0, 1 / 3]])
    assert ink_of(np.full((4, 4), 255, np.uint8)).tolist() == np.ones((4, 4)).tolist()
    assert ink_of(np.zeros((4, 4, 3), np.int64)).max() == 0


@pytest.mark.parametrize(("pixels", "code"), [
    (np.zeros((4, 4, 2), np.uint8), "not_an_image"),   # two channels
    (np.zeros((4,), np.uint8), "not_an_image"),         # one dimension
    (np.zeros((0, 0), np.uint8), "not_an_image"),       # nothing
    (np.full((4, 4), 0.5), "not_an_image"),             # floats
    (np.array([["a"]]), "not_an_image"),                # text
    (np.full((4, 4), 300), "not_an_image"),             # past 255
    (np.full((4, 4), -1), "not_an_image"),
    (np.zeros((MAX_SIDE + 1, 2), np.uint8), "too_large"),
])
def test_garbage_is_refused_with_a_code(pixels, code):
    with pytest.raises(CodedError) as caught:
        ink_of(pixels)
    assert (caught.value.field, caught.value.code) == ("drawing", code)


def test_an_empty_canvas_is_refused_as_empty():
    for shape in ((28, 28), (8, 8)):
        with pytest.raises(CodedError) as caught:
            drawn_digit(canvas([]), shape)
        assert caught.value.code == "empty"


def test_another_image_size_is_refused():
    with pytest.raises(CodedError) as caught:
        drawn_digit(canvas(STROKES[1]), (16, 16))
    assert caught.value.code == "shape" and caught.value.params == {"rows": 16, "cols": 16}


# --- the preprocessing ------------------------------------------------------------------
def test_area_weights_share_each_pixel_and_keep_the_mean():
    w = area_weights(5, 2)
    np.testing.assert_allclose(w.sum(axis=1), 1)
    np.testing.assert_allclose(w, [[0.4, 0.4, 0.2, 0, 0], [0, 0, 0.2, 0.4, 0.4]])
    image = np.random.default_rng(0).random((37, 23))
    for rows, cols in ((20, 12), (5, 5), (74, 46)):
        assert resample(image, rows, cols).mean() == pytest.approx(image.mean())
    np.testing.assert_allclose(resample(image, 37, 23), image)  # the same size: unchanged


def test_the_bounding_box_holds_every_inked_pixel():
    ink = np.zeros((10, 12))
    ink[2, 3] = ink[6, 9] = 1.0
    ink[0, 0] = 0.05  # below the threshold: not part of the digit
    assert bounding_box(ink) == (2, 7, 3, 10)


def test_mnist_centring_fits_the_box_to_20_and_the_centre_of_mass_to_the_middle():
    for points in STROKES.values():
        for place in PLACES.values():
            digit = mnist_pixels(ink_of(canvas(points, **place)))
            assert digit.shape == (28, 28) and digit.min() >= 0 and digit.max() <= 1
            top, bottom, left, right = bounding_box(digit)
            assert max(bottom - top, right - left) in (20, 21)  # 20, and a grey edge
            r, c = centre_of_mass(digit)
            assert abs(r - 13.5) <= 0.5 and abs(c - 13.5) <= 0.5


def test_a_vertical_line_keeps_its_aspect_ratio():
    digit = mnist_pixels(ink_of(canvas(STROKES[1])))
    top, bottom, left, right = bounding_box(digit)
    assert bottom - top == 20 and right - left <= 4  # a thin 1, not a square block


def test_the_same_digit_anywhere_and_at_any_size_gives_nearly_the_same_input():
    big = mnist_pixels(ink_of(canvas(STROKES[7])))
    small = mnist_pixels(ink_of(canvas(STROKES[7], **PLACES["small, top right"])))
    assert np.abs(big - small).mean() < 0.05


def test_uci_pixels_count_the_on_bits_of_each_4x4_block():
    digit = uci_pixels(ink_of(canvas(STROKES[0])))
    assert digit.shape == (8, 8) and digit.min() >= 0 and digit.max() <= 16
    assert np.array_equal(digit, np.round(digit))
    assert digit[3:5, 3:5].sum() < digit[0].sum()  # a ring: the middle is empty
    bits = np.zeros((5, 5), bool)
    bits[2, 2] = True
    assert thickened(bits).sum() == 5 and thickened(bits)[1, 2] and not thickened(bits)[1, 1]


def test_network_input_is_normalised_like_the_data():
    np.testing.assert_allclose(network_input(np.array([[0.0, 1.0]]), "mnist"), [[-1, 1]])
    np.testing.assert_allclose(network_input(np.array([[0.0, 8.0, 16.0]]), "uci"),
                               [[-1, 0, 1]])
    _, x = drawn_digit(canvas(STROKES[4]), (28, 28))
    assert x.shape == (1, 784) and x.min() == -1


# --- drawn digits classified ----------------------------------------------------------------
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("digit", sorted(STROKES))
def test_a_drawn_digit_is_read_right_by_the_mnist_network(mnist_network, digit, place):
    _, x = drawn_digit(canvas(STROKES[digit], **PLACES[place]), (28, 28))
    view = forward_view(mnist_network, x, digit, 10)
    assert view.predicted == digit
    assert view.probabilities[digit] > 0.5


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("digit", sorted(STROKES))
def test_a_drawn_digit_is_read_right_by_the_8x8_network(uci_network, digit, place):
    _, x = drawn_digit(canvas(STROKES[digit], **PLACES[place]), (8, 8))
    assert forward_view(uci_network, x, digit, 10).predicted == digit


def test_the_forward_view_is_the_networks_own_pass(mnist_network):
    _, x = drawn_digit(canvas(STROKES[0]), (28, 28))
    view = forward_view(mnist_network, x, 3, 10)
    records = mnist_network.forward(x)
    np.testing.assert_array_equal(view.hidden, records[0].out[0])
    np.testing.assert_array_equal(view.probabilities, records[1].out[0])
    target = np.eye(10)[3]
    np.testing.assert_allclose(view.delta, view.probabilities - target, atol=1e-6)
    assert view.hidden.shape == (128,) and view.hidden.min() >= 0 and view.label == 3
    assert view.predicted == int(np.argmax(view.probabilities)) == 0
