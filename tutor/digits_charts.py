"""Charts of the digits page: curves, confusion matrix, image mosaics, one image's outputs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from bpcore.sgd import Curves
from tutor.charts import FONT
from tutor.diagram import NEGATIVE, POSITIVE
from tutor.i18n import t


def _layout(title: str, height: int) -> dict[str, Any]:
    return {"height": height, "margin": {"l": 60, "r": 20, "t": 50, "b": 50}, "font": FONT,
            "title": {"text": title, "font": {"size": 19}}, "plot_bgcolor": "white",
            "paper_bgcolor": "white"}


def curves_figure(curves: Curves, lang: str) -> dict[str, Any]:
    """Loss (left axis) and accuracy (right axis) per epoch, train solid and test dashed."""
    epochs = list(range(len(curves.train_loss)))
    layout = _layout(t("digits.curves_title", lang), 360)
    layout["xaxis"] = {"title": {"text": t("digits.epoch", lang)}}
    layout["yaxis"] = {"title": {"text": t("digits.loss", lang)}, "rangemode": "tozero"}
    layout["yaxis2"] = {"title": {"text": t("digits.accuracy", lang)}, "overlaying": "y",
                        "side": "right", "range": [0, 1.02], "tickmode": "array",
                        "tickvals": [0, 0.2, 0.4, 0.6, 0.8, 1], "tickformat": ".0%",
                        "showgrid": False}
    layout["legend"] = {"orientation": "h", "y": -0.25}

    def line(y: np.ndarray, name: str, colour: str, dash: str, axis: str) -> dict[str, Any]:
        return {"type": "scatter", "mode": "lines+markers", "x": epochs, "y": y.tolist(),
                "name": name, "yaxis": axis, "line": {"color": colour, "dash": dash}}

    return {"data": [line(curves.train_loss, t("digits.train_loss", lang), POSITIVE, "solid", "y"),
                     line(curves.test_loss, t("digits.test_loss", lang), POSITIVE, "dash", "y"),
                     line(curves.train_accuracy, t("digits.train_acc", lang), NEGATIVE, "solid",
                          "y2"),
                     line(curves.test_accuracy, t("digits.test_acc", lang), NEGATIVE, "dash",
                          "y2")],
            "layout": layout}


def confusion_figure(counts: np.ndarray, lang: str) -> dict[str, Any]:
    """counts[true, predicted] as a heatmap with the numbers written in."""
    labels = [str(k) for k in range(len(counts))]
    layout = _layout(t("digits.confusion_title", lang), 460)
    layout["xaxis"] = {"title": {"text": t("digits.predicted", lang)}, "dtick": 1}
    layout["yaxis"] = {"title": {"text": t("digits.true", lang)}, "dtick": 1,
                       "autorange": "reversed"}
    return {"data": [{"type": "heatmap", "z": counts.tolist(), "x": labels, "y": labels,
                      "colorscale": "Blues", "reversescale": True, "zmin": 0,
                      "text": counts.tolist(),
                      "texttemplate": "%{text}", "showscale": False}], "layout": layout}


def cell(rows: int, cols: int) -> tuple[int, int]:
    """The space one (rows, cols) image takes in a mosaic: (rows + caption rows, cols + gap).

    The gap is an eighth of the width (at least one pixel), the caption three eighths of the
    height: 8×8 → (11, 9), 28×28 → (39, 31).
    """
    return rows + -(-3 * rows // 8), cols + max(1, cols // 8)


def mosaic(images: np.ndarray, columns: int) -> np.ndarray:
    """Images (k, rows, cols) tiled into one array (NaN where nothing is drawn).

    A blank gap between images and blank rows under each, where its caption goes; shape
    (⌈k / columns⌉·cell_rows, columns·cell_cols − gap).
    """
    k, rows, cols = images.shape
    cell_rows, cell_cols = cell(rows, cols)
    grid = max(1, -(-k // columns))
    out = np.full((grid * cell_rows, columns * cell_cols - (cell_cols - cols)), np.nan)
    for i, image in enumerate(images):
        r, c = divmod(i, columns)
        out[r * cell_rows:r * cell_rows + rows, c * cell_cols:c * cell_cols + cols] = image
    return out


def mosaic_figure(images: np.ndarray, captions: Sequence[str], title: str, columns: int,
                  diverging: bool = False, image_height: int = 72) -> dict[str, Any]:
    """Images (k, rows, cols) side by side, each captioned (e.g. "7 → 1").

    ``image_height``: screen pixels per image row of the mosaic (the figure's height follows).
    """
    _, rows, cols = images.shape
    cell_rows, cell_cols = cell(rows, cols)
    tiled = mosaic(images, columns)
    layout = _layout(title, 70 + round(image_height * tiled.shape[0] / rows))
    layout["xaxis"] = {"visible": False, "scaleanchor": "y"}
    layout["yaxis"] = {"visible": False, "autorange": "reversed"}
    layout["annotations"] = [
        {"x": (i % columns) * cell_cols + (cols - 1) / 2,
         "y": (i // columns) * cell_rows + rows + 0.43 * (cell_rows - rows), "text": caption,
         "showarrow": False, "font": {"size": 15}} for i, caption in enumerate(captions)]
    scale = "RdBu" if diverging else "Greys"
    return {"data": [{"type": "heatmap", "z": np.where(np.isnan(tiled), None, tiled).tolist(),
                      "colorscale": scale, "showscale": False, "hoverinfo": "skip",
                      **({"zmid": 0} if diverging else {})}], "layout": layout}


def outputs_figure(probabilities: np.ndarray, delta: np.ndarray, label: int,
                   lang: str) -> dict[str, Any]:
    """The softmax outputs of one image and δ = out − target, one bar per digit."""
    digits = [str(k) for k in range(len(probabilities))]
    layout = _layout(t("digits.outputs_title", lang, label=label), 340)
    layout["barmode"] = "group"
    layout["legend"] = {"orientation": "h", "y": -0.2}
    layout["xaxis"] = {"title": {"text": t("digits.digit", lang)}}
    return {"data": [{"type": "bar", "x": digits, "y": probabilities.tolist(),
                      "name": t("digits.probability", lang), "marker": {"color": NEGATIVE}},
                     {"type": "bar", "x": digits, "y": delta.tolist(), "name": "δ = out − target",
                      "marker": {"color": POSITIVE}}], "layout": layout}
