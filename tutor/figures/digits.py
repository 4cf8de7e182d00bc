"""Charts of the digits page: curves, confusion matrix, image mosaics, one image's outputs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from bpcore import fmt
from bpcore.sgd import Curves
from tutor.figures.theme import (
    FONT_PX,
    INK,
    NEGATIVE,
    POSITIVE,
    SMALL_PX,
    axis,
    chart_layout,
    font,
    legend,
)
from tutor.figures.words import plain, sentences, with_scale, with_words
from tutor.i18n import t

# Mosaics sized for the back row of a classroom: the misclassified images are drawn in
# MISTAKE_COLUMNS columns of half the page (over 100 px each on a 1280-px laptop screen, so
# at most MISTAKES_SHOWN of them), the first layer's weights WEIGHT_COLUMNS to a row.
MISTAKE_COLUMNS = 3
MISTAKES_SHOWN = 12
WEIGHT_COLUMNS = 8
IMAGE_PX = 110  # screen pixels per image row: as tall as the columns let an image be wide
WEIGHT_IMAGE_PX = 90  # eight to a row of a laptop's page leave each weight image this wide
# Counts of the confusion matrix: zero white, a single mistake already visibly blue.
# Light blues only, so dark counts read on every cell (≥ 4.9:1 on the darkest, #3d8fc6): with
# a navy end plotly.js switched between dark and white text and two counts fell to 4.0–4.3:1.
COUNT_SCALE = ((0.0, "#ffffff"), (0.02, "#deebf7"), (0.2, "#9ecae1"), (1.0, "#3d8fc6"))


def curves_figure(curves: Curves, lang: str) -> dict[str, Any]:
    """Loss (left axis) and accuracy (right axis) per epoch, train solid and test dashed."""
    epochs = list(range(len(curves.train_loss)))
    layout = chart_layout(
        t("digits.curves_title", lang), 400, left=70, right=80, bottom=130,
        xaxis=axis(t("digits.epoch", lang)),
        yaxis=axis(t("digits.loss", lang), rangemode="tozero"),
        yaxis2=axis(t("digits.accuracy", lang), overlaying="y", side="right",
                    range=[0, 1.02], tickmode="array", tickvals=[0, 0.2, 0.4, 0.6, 0.8, 1],
                    tickformat=".0%", showgrid=False),
        legend=legend("below", y=-0.28, entrywidth=170))

    def line(y: np.ndarray, name: str, colour: str, dash: str, axis: str) -> dict[str, Any]:
        return {"type": "scatter", "mode": "lines+markers", "x": epochs, "y": y.tolist(),
                "name": name, "yaxis": axis, "line": {"color": colour, "dash": dash}}

    # Each pair of curves named where it ends, on the axis it belongs to: loss and accuracy
    # are told apart without their colours (and without the legend).
    layout["annotations"] = [
        {"x": epochs[-1], "y": float(y[-1]), "xref": "x", "yref": ref, "text": name,
         "showarrow": False, "xanchor": "right", "yanchor": "bottom", "yshift": 6,
         "font": {"size": FONT_PX, "color": INK}, "bgcolor": "rgba(255,255,255,0.85)"}
        for y, name, ref in ((curves.train_loss, t("digits.loss", lang), "y"),
                             (curves.train_accuracy, t("digits.accuracy", lang), "y2"))
        if len(y) and np.isfinite(y[-1])]
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
    layout = chart_layout(t("digits.confusion_title", lang), 480,
                          xaxis=axis(t("digits.predicted", lang), dtick=1),
                          yaxis=axis(t("digits.true", lang), dtick=1, autorange="reversed"))
    # The numbers' colour is left to Plotly: dark on light cells, white on dark ones.
    return {"data": [{"type": "heatmap", "z": counts.tolist(), "x": labels, "y": labels,
                      "colorscale": [list(stop) for stop in COUNT_SCALE], "zmin": 0,
                      "text": counts.tolist(), "texttemplate": "%{text}",
                      "textfont": {"size": FONT_PX, "color": INK}, "showscale": False,
                      "xgap": 1, "ygap": 1}], "layout": layout}


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
                  diverging: bool = False, image_height: int = IMAGE_PX, *,
                  lang: str) -> dict[str, Any]:
    """Images (k, rows, cols) side by side, each captioned (e.g. "7 → 1"); a diverging
    mosaic with its colour bar, a grey one with its scale in words (white no ink, black the
    most) under it.

    ``image_height``: screen pixels per image row of the mosaic (the figure's height follows).
    """
    _, rows, cols = images.shape
    cell_rows, cell_cols = cell(rows, cols)
    tiled = mosaic(images, columns)
    top = 60 + 26 * title.count("<br>")  # a title of several lines
    layout = chart_layout(title, top + 10 + round(image_height * tiled.shape[0] / rows),
                          left=10, right=80 if diverging else 10, top=top, bottom=10,
                          xaxis={"visible": False, "scaleanchor": "y"},
                          yaxis={"visible": False, "autorange": "reversed"})
    layout["annotations"] = [
        {"x": (i % columns) * cell_cols + (cols - 1) / 2,
         "y": (i // columns) * cell_rows + rows + 0.43 * (cell_rows - rows), "text": caption,
         "showarrow": False, "font": font(SMALL_PX + 2)} for i, caption in enumerate(captions)]
    scale = "RdBu" if diverging else "Greys"
    z = tiled.astype(object)
    z[np.isnan(tiled)] = None  # nothing drawn there (gaps and caption rows)
    # A diverging mosaic (weights: negative blue, positive red) says which is which on a colour
    # scale; a grey image is only ink on paper.
    spec = {"data": [{"type": "heatmap", "z": z.tolist(),
                      "colorscale": scale, "showscale": diverging, "hoverinfo": "skip",
                      **({"zmid": 0, "colorbar": {"thickness": 14, "tickfont": font(SMALL_PX)}}
                         if diverging else {})}], "layout": layout}
    values = images[np.isfinite(images)]
    words = t("words.mosaic", lang, k=len(images), rows=rows, cols=cols,
              low=fmt(float(values.min()), 4) if values.size else "—",
              high=fmt(float(values.max()), 4) if values.size else "—",
              captions=", ".join(plain(c) for c in captions))
    with_words(spec, sentences([plain(title), words], lang))
    return spec if diverging else with_scale(spec, t("scale.ink", lang))


def outputs_figure(probabilities: np.ndarray, delta: np.ndarray, label: int,
                   lang: str) -> dict[str, Any]:
    """The softmax outputs of one image and δ = out − target, one bar per digit."""
    digits = [str(k) for k in range(len(probabilities))]
    layout = chart_layout(t("digits.outputs_title", lang, label=label), 380, bottom=120,
                          barmode="group",
                          # every digit labelled (an auto axis labels only 0, 2, 4, 6, 8)
                          xaxis=axis(t("digits.digit", lang), type="category"),
                          yaxis=axis(None, zeroline=True), legend=legend("below", y=-0.3))
    return {"data": [{"type": "bar", "x": digits, "y": probabilities.tolist(),
                      "name": t("digits.probability", lang), "marker": {"color": NEGATIVE}},
                     {"type": "bar", "x": digits, "y": delta.tolist(), "name": "δ = out − target",
                      "marker": {"color": POSITIVE}}], "layout": layout}


# --- the bundled MNIST subset's accuracy curve and a drawn digit's hidden layer -----------------
HIDDEN_COLUMNS = 16  # the hidden layer's outputs drawn as rows of 16 cells (128 → 8 rows)
TOP_UNITS = 5  # the most active hidden units named under the strip


def accuracy_figure(curves: Curves, best: tuple[int, float], lang: str) -> dict[str, Any]:
    """Test (and train) accuracy per epoch, with the best test epoch marked and labelled.

    best: (epoch, test accuracy) from bpcore.reports.best_epoch; the last epoch is labelled too
    when it is another.
    """
    epochs = list(range(len(curves.test_accuracy)))
    epoch, accuracy = best
    last = len(epochs) - 1
    lo = max(0.0, float(min(curves.test_accuracy[1:].min(initial=1.0), 0.8)) - 0.05)
    layout = chart_layout(
        t("subset.accuracy_title", lang), 360, left=70, right=30, bottom=110,
        xaxis=axis(t("digits.epoch", lang), dtick=1 if last <= 20 else None),
        yaxis=axis(t("digits.accuracy", lang), range=[lo, 1.0], tickformat=".0%"),
        legend=legend("below", y=-0.3, entrywidth=170))
    layout["annotations"] = [
        {"x": epoch, "y": accuracy, "text": t("subset.best_label", lang, epoch=epoch,
                                              accuracy=f"{100 * accuracy:.1f}"),
         "showarrow": True, "arrowhead": 2, "ax": 0, "ay": -36, "font": font(SMALL_PX + 2)}]
    if last != epoch:
        final = float(curves.test_accuracy[-1])
        layout["annotations"].append(
            {"x": last, "y": final, "text": t("subset.last_label", lang, epoch=last,
                                              accuracy=f"{100 * final:.1f}"),
             "showarrow": True, "arrowhead": 2, "ax": 0, "ay": 36, "font": font(SMALL_PX + 2)})
    return {"data": [
        {"type": "scatter", "mode": "lines+markers", "x": epochs,
         "y": curves.train_accuracy.tolist(), "name": t("digits.train_acc", lang),
         "line": {"color": NEGATIVE, "dash": "solid", "width": 1}, "opacity": 0.5},
        {"type": "scatter", "mode": "lines+markers", "x": epochs,
         "y": curves.test_accuracy.tolist(), "name": t("digits.test_acc", lang),
         "line": {"color": NEGATIVE, "dash": "dash"}},
        {"type": "scatter", "mode": "markers", "x": [epoch], "y": [accuracy],
         "name": t("subset.best", lang),
         "marker": {"color": POSITIVE, "size": 16, "symbol": "star"}}], "layout": layout}


def top_units(hidden: np.ndarray, k: int = TOP_UNITS) -> str:
    """The k most active hidden units as "#40 6.87, #92 4.83, …" (units numbered from 1; only
    those above 0), for a caption under the strip."""
    top = np.argsort(-hidden, kind="stable")[:k]
    return ", ".join(f"#{i + 1} {hidden[i]:.2f}" for i in top if hidden[i] > 0)


def hidden_figure(hidden: np.ndarray, lang: str) -> dict[str, Any]:
    """The hidden layer's outputs a₁ (h,) as a heat strip, HIDDEN_COLUMNS units to a row,
    unit k (from 1) in row ⌊(k − 1)/16⌋, its number and value on hover."""
    h = len(hidden)
    columns = min(HIDDEN_COLUMNS, h)
    rows = -(-h // columns)
    grid = np.full(rows * columns, np.nan)
    grid[:h] = hidden
    z = grid.reshape(rows, columns).astype(object)
    z[np.isnan(grid.reshape(rows, columns))] = None
    units = np.arange(rows * columns).reshape(rows, columns) + 1
    title = t("draw.hidden_title", lang, h=h, active=int((hidden > 0).sum()))
    layout = chart_layout(title, 90 + 34 * rows, left=20, right=20, top=50, bottom=20,
                          xaxis={"visible": False}, yaxis={"visible": False,
                                                           "autorange": "reversed"})
    return {"data": [{"type": "heatmap", "z": z.tolist(), "customdata": units.tolist(),
                      "colorscale": "Viridis", "zmin": 0, "showscale": True,
                      "colorbar": {"thickness": 12}, "xgap": 1, "ygap": 1,
                      "hovertemplate": "#%{customdata}: %{z:.3f}<extra></extra>"}],
            "layout": layout}
