"""A digit drawn by hand, made into the input a trained digits network expects (NumPy only).

A canvas gives pixels (H, W) grey, (H, W, 3) RGB or (H, W, 4) RGBA, white ink on black (or on
transparent). ``ink_of`` turns them into ink (H, W) in [0, 1]; then each data set's own
preprocessing is copied:

- MNIST (``mnist_pixels``): the digit's bounding box is scaled, aspect ratio kept, so that
  its longer side is 20 pixels (area averaging, which gives the grey edges MNIST's
  anti-aliasing gave), then placed in a 28×28 field so that its centre of mass lies at the
  field's centre (13.5, 13.5), as LeCun, Cortes and Burges centred MNIST.
- UCI 8×8 (``uci_pixels``): the bounding box scaled to fit a 32×32 frame (longer side 32,
  centred), thresholded to on/off bits, the strokes thickened by one pixel (the forms' pen
  drew about 5 of the frame's 32 pixels wide, a canvas pen about 3), and the on bits counted
  in each 4×4 block: 0…16, as the UCI digits were made from NIST's 32×32 bitmaps.

``network_input`` then normalises them as the data was: (x − 0.5)/0.5 with x = pixel/16 (UCI)
or x ∈ [0, 1] (MNIST), one row (1, rows·cols). Bad input is refused with a CodedError:
field "drawing", code "not_an_image", "too_large" or "empty".
"""

from __future__ import annotations

import numpy as np

from bpcore.errors import CodedError

MNIST_SIZE = 28  # the field
MNIST_BOX = 20  # the longer side of the digit's bounding box in it
UCI_SIZE = 8
UCI_FRAME = 32  # NIST's bitmap, cut into 4×4 blocks
MAX_SIDE = 2048  # canvas pixels on a side: a larger "drawing" is not one
INK = 0.1  # a pixel with more ink than this belongs to the digit's bounding box


def ink_of(pixels: np.ndarray) -> np.ndarray:
    """Canvas pixels → ink (H, W) float64 in [0, 1]: the mean of R, G and B (or the grey
    level) over 255, times alpha/255 when there is an alpha channel.

    pixels: integers 0…255, shape (H, W), (H, W, 3) or (H, W, 4). Anything else is refused
    (CodedError "drawing": "not_an_image", or "too_large" past MAX_SIDE on a side).
    """
    a = np.asarray(pixels)
    if (a.dtype.kind not in "iu" or a.ndim not in (2, 3) or a.size == 0
            or (a.ndim == 3 and a.shape[2] not in (3, 4))):
        raise CodedError("drawing", "not_an_image")
    if max(a.shape[:2]) > MAX_SIDE:
        raise CodedError("drawing", "too_large", limit=MAX_SIDE)
    if a.min() < 0 or a.max() > 255:
        raise CodedError("drawing", "not_an_image")
    a = a.astype(np.float64) / 255.0
    if a.ndim == 2:
        return a
    ink = a[..., :3].mean(axis=2)
    return ink * a[..., 3] if a.shape[2] == 4 else ink


def bounding_box(ink: np.ndarray, threshold: float = INK) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) of the pixels whose ink exceeds ``threshold``, bottom and
    right exclusive; CodedError("drawing", "empty") when there are none."""
    rows = np.flatnonzero((ink > threshold).any(axis=1))
    cols = np.flatnonzero((ink > threshold).any(axis=0))
    if len(rows) == 0:
        raise CodedError("drawing", "empty")
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def area_weights(n: int, m: int) -> np.ndarray:
    """(m, n): output cell i's share of input pixel j when n pixels are resampled to m.

    Cell i covers [i·n/m, (i + 1)·n/m) of the input; its value is the mean of what it covers,
    so every row sums to 1 and the image's mean is kept.
    """
    edges = np.arange(m + 1) * (n / m)
    lo, hi = edges[:-1, None], edges[1:, None]
    j = np.arange(n)[None, :]
    overlap = np.clip(np.minimum(hi, j + 1) - np.maximum(lo, j), 0, None)
    return overlap / (n / m)


def resample(image: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """image (h, w) → (rows, cols) by area averaging: R·image·Cᵀ with R = area_weights(h, rows),
    C = area_weights(w, cols)."""
    h, w = image.shape
    return area_weights(h, rows) @ image @ area_weights(w, cols).T


def fitted(ink: np.ndarray, box: int) -> np.ndarray:
    """The digit cut to its bounding box and scaled, aspect ratio kept, so that its longer
    side is ``box`` pixels: (≤ box, ≤ box), ink in [0, 1]."""
    top, bottom, left, right = bounding_box(ink)
    crop = ink[top:bottom, left:right]
    h, w = crop.shape
    scale = box / max(h, w)
    return np.clip(resample(crop, max(1, round(h * scale)), max(1, round(w * scale))), 0, 1)


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    """(row, col) of the ink's centre of mass, pixel indices (pixel k spans k … k + 1, its
    centre is k): Σ k·ink / Σ ink along each axis."""
    total = image.sum()
    rows = np.arange(image.shape[0]) @ image.sum(axis=1) / total
    cols = np.arange(image.shape[1]) @ image.sum(axis=0) / total
    return float(rows), float(cols)


def mnist_pixels(ink: np.ndarray, size: int = MNIST_SIZE, box: int = MNIST_BOX) -> np.ndarray:
    """Ink (H, W) → an MNIST-style digit (size, size) in [0, 1]: bounding box scaled to
    ``box`` on its longer side, placed (whole pixels) with its centre of mass nearest the
    field's centre ((size − 1)/2 on each axis), kept inside the field."""
    digit = fitted(ink, box)
    h, w = digit.shape
    r, c = centre_of_mass(digit)
    middle = (size - 1) / 2
    top = min(max(round(middle - r), 0), size - h)
    left = min(max(round(middle - c), 0), size - w)
    out = np.zeros((size, size))
    out[top:top + h, left:left + w] = digit
    return out


def thickened(bits: np.ndarray) -> np.ndarray:
    """bits (h, w) with every on pixel's four neighbours turned on too (a cross-shaped
    dilation by one pixel, clipped at the edges)."""
    out = bits.copy()
    out[1:] |= bits[:-1]
    out[:-1] |= bits[1:]
    out[:, 1:] |= bits[:, :-1]
    out[:, :-1] |= bits[:, 1:]
    return out


def uci_pixels(ink: np.ndarray) -> np.ndarray:
    """Ink (H, W) → a UCI-style 8×8 digit, counts 0…16 (float): the bounding box scaled to
    fit the 32×32 frame (longer side 32, centred), each pixel on when its ink is over a half
    (``thickened`` by one pixel), the on pixels of every 4×4 block counted."""
    digit = fitted(ink, UCI_FRAME)
    h, w = digit.shape
    frame = np.zeros((UCI_FRAME, UCI_FRAME))
    top, left = (UCI_FRAME - h) // 2, (UCI_FRAME - w) // 2
    frame[top:top + h, left:left + w] = digit
    bits = thickened(frame > 0.5)
    block = UCI_FRAME // UCI_SIZE
    return bits.reshape(UCI_SIZE, block, UCI_SIZE, block).sum(axis=(1, 3)).astype(np.float64)


def network_input(pixels: np.ndarray, kind: str) -> np.ndarray:
    """A preprocessed digit as one input row (1, rows·cols), normalised like its data set:
    (x − 0.5)/0.5 with x = pixels/16 ("uci", counts 0…16) or x = pixels ("mnist", 0…1)."""
    x = pixels / 16.0 if kind == "uci" else pixels
    return ((x - 0.5) / 0.5).reshape(1, -1)


def drawn_digit(pixels: np.ndarray, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Canvas pixels → (the digit as the network sees it, (rows, cols); its input row
    (1, rows·cols)) for a network trained on 8×8 UCI digits or on 28×28 MNIST.

    Any other image shape is refused: CodedError("drawing", "shape", rows, cols).
    """
    ink = ink_of(pixels)
    if shape == (UCI_SIZE, UCI_SIZE):
        digit = uci_pixels(ink)
        return digit, network_input(digit, "uci")
    if shape == (MNIST_SIZE, MNIST_SIZE):
        digit = mnist_pixels(ink)
        return digit, network_input(digit, "mnist")
    raise CodedError("drawing", "shape", rows=shape[0], cols=shape[1])
