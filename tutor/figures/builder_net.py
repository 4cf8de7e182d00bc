"""The builder's network as TensorFlow Playground draws it: every unit a small heatmap of its
output over the input plane, every link coloured by its weight's sign and as thick as |w|.

Columns left to right: the input features, each hidden layer, the output layer. A unit's tile
shows what it outputs at every point of the plane (bpcore.builder.neuron_grids), vermillion
positive, blue negative, white at 0, clipped at ±1 as Playground clips. A link from unit i to
unit j is drawn positive vermillion solid, negative blue *dashed* (the sign also without
colour, for colour-blind learners), and as wide as |w| relative to the largest weight shown;
hovering a link's point shows w, hovering a tile its unit, bias and layer. A link's point
carries [layer, i, j] as customdata (a click on it picks the link, to edit its weight); it
sits at a share of the way along the link that depends on j, so no two links' points meet
(two links' midpoints do: i→j and j→i between columns of one height).
The whole picture is one heatmap (the tiles on one canvas, blank between them) and a dozen
line traces (the links grouped by sign and width), so it stays quick for the widest stack.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np

from bpcore import fmt
from bpcore.network import Network
from tutor.figures.theme import INK, NEGATIVE, POSITIVE, axis, chart_layout, font
from tutor.figures.words import sentences, with_scale, with_words
from tutor.i18n import t


def feature_label(name: str, lang: str) -> str:
    """An input feature as written in the reader's language (x₁, x₁², sin x₁, …)."""
    return t(f"builder.feature.{name}", lang)

MAX_SHOWN = 12  # units drawn per column; a wider layer says how many more it has
MAX_SAID = 16  # units whose output range the picture's words say, at most
CELLS = 12  # heatmap cells a tile is wide (and high)
STRIDE = 3.2  # columns apart, in tiles: room for the links between them
PITCH = 1.25  # units apart in a column, in tiles
WIDTHS = 5  # link widths, as many line traces per sign
# The tiles' canvas is sent as one byte a cell (Plotly's typed array: an eighth of the bytes
# of its numbers as text, and no text to make every frame of Play): an output in [−1, 1] as
# a whole number of hundredths, −LEVELS … LEVELS, and BLANK between the tiles, drawn
# transparent by the colour scale's first stretch (up to −LEVELS − 1).
LEVELS, BLANK = 100, -128


def _at(level: float) -> float:
    """Where a canvas value sits on the colour scale (zmin BLANK … zmax LEVELS → 0 … 1)."""
    return (level - BLANK) / (LEVELS - BLANK)


HEAT_SCALE = [[0.0, "rgba(0,0,0,0)"], [_at(-LEVELS - 1), "rgba(0,0,0,0)"],
              [_at(-LEVELS), NEGATIVE], [_at(0), "#ffffff"], [1.0, POSITIVE]]


def _heat_bytes(canvas: np.ndarray) -> dict[str, str]:
    """The canvas (rows, cols), NaN between the tiles, as Plotly's typed array spec of int8:
    round(100·value), BLANK where NaN."""
    cells = np.where(np.isnan(canvas), BLANK, np.round(np.nan_to_num(canvas) * LEVELS))
    return {"dtype": "i1", "bdata": base64.b64encode(cells.astype(np.int8).tobytes()).decode(),
            "shape": f"{canvas.shape[0]}, {canvas.shape[1]}"}


def _shown(units: int) -> int:
    return min(units, MAX_SHOWN)


def _top(units: int, tallest: int) -> float:
    """Where a column's first tile starts (tiles of ``PITCH``): columns centred vertically,
    on the canvas's grid of 1/CELLS."""
    return round((tallest - _shown(units)) * PITCH / 2 * CELLS) / CELLS


def network_figure(network: Network, grids: tuple[np.ndarray, ...], features: tuple[str, ...],
                   lang: str, height: int = 400) -> dict[str, Any]:
    """The network with its units' heatmaps (``grids``: per column (units, g, g), row = x₂,
    from bpcore.builder.neuron_grids) and its links' weights. Each tile's invisible marker
    carries [column, unit] as customdata: a click on it selects that unit."""
    sizes = network.sizes
    tallest = max(_shown(n) for n in sizes)
    rows = int(np.ceil(tallest * PITCH * CELLS))
    cols = int(np.ceil(((len(sizes) - 1) * STRIDE + 1) * CELLS))
    canvas = np.full((rows, cols), np.nan)
    centres: list[list[tuple[float, float]]] = []
    unit_hover: list[tuple[float, float, str, int, int]] = []
    for c, grid in enumerate(grids):
        top, left = _top(sizes[c], tallest), c * STRIDE
        column = []
        for k in range(_shown(sizes[c])):
            y0 = top + k * PITCH
            tile = _resample(np.clip(grid[k], -1, 1), CELLS)
            r, q = int(round(y0 * CELLS)), int(round(left * CELLS))
            canvas[r:r + CELLS, q:q + CELLS] = tile[::-1]  # row 0 of a tile at its top: x₂ high
            column.append((left + 0.5, y0 + 0.5))
            unit_hover.append((left + 0.5, y0 + 0.5, _unit_text(network, features, c, k,
                                                                lang), c, k))
        centres.append(column)
    data: list[dict[str, Any]] = []
    data.extend(_links(network, centres, lang))
    data.append({"type": "heatmap", "z": _heat_bytes(canvas),
                 "x0": 0.5 / CELLS, "dx": 1 / CELLS, "y0": 0.5 / CELLS, "dy": 1 / CELLS,
                 "zmin": BLANK, "zmax": LEVELS, "colorscale": HEAT_SCALE,
                 "showscale": False, "hoverinfo": "skip"})
    data.append({"type": "scatter", "mode": "markers", "x": [u[0] for u in unit_hover],
                 "y": [u[1] for u in unit_hover], "text": [u[2] for u in unit_hover],
                 "customdata": [[u[3], u[4]] for u in unit_hover],
                 "hovertemplate": "%{text}<extra></extra>", "showlegend": False,
                 "marker": {"size": 22, "symbol": "square", "opacity": 0,
                            "line": {"width": 0}},
                 # a click picks a unit (tutor.builder.watch): nothing greys out
                 "selected": {"marker": {"opacity": 0}}, "unselected": {"marker": {"opacity": 0}}})
    annotations = [{"x": STRIDE * c + 0.5, "y": -0.25, "text": _column_title(sizes, c, lang),
                    "showarrow": False, "yanchor": "bottom", "font": font(14)}
                   for c in range(len(sizes))]
    annotations += [{"x": -0.1, "y": y, "text": feature_label(name, lang), "showarrow": False,
                     "xanchor": "right", "font": font(14)}
                    for name, (_, y) in zip(features, centres[0], strict=False)]
    annotations += [{"x": STRIDE * c + 0.5, "y": _top(n, tallest) + MAX_SHOWN * PITCH,
                     "text": t("builder.net_more", lang, n=n - MAX_SHOWN), "showarrow": False,
                     "yanchor": "top", "font": font(13)}
                    for c, n in enumerate(sizes) if n > MAX_SHOWN]
    span_x = [-1.4, (len(sizes) - 1) * STRIDE + 1.1]
    span_y = [tallest * PITCH + 0.2, -0.9]
    layout = chart_layout(None, height, left=4, right=4, top=4, bottom=4, showlegend=False,
                          xaxis=axis(None, range=span_x, visible=False, fixedrange=True),
                          yaxis=axis(None, range=span_y, visible=False, fixedrange=True),
                          annotations=annotations, hovermode="closest",
                          clickmode="event+select", dragmode=False)
    # One scale for every tile (no colour bar beside a dozen tiles): said under the picture.
    spec = with_words({"data": data, "layout": layout},
                      network_words(network, grids, features, lang))
    return with_scale(spec, t("scale.units", lang))


def network_words(network: Network, grids: tuple[np.ndarray, ...], features: tuple[str, ...],
                  lang: str) -> str:
    """The picture in words, for a screen reader: its columns, the range of its weights and,
    for the first MAX_SAID computing units, the range of each one's output over the plane
    (3 decimals, as the hover text)."""
    sizes = network.sizes
    columns = [f"{_column_title(sizes, 0, lang)} "
               f"({', '.join(feature_label(f, lang) for f in features)})"]
    columns += [_column_title(sizes, c, lang) for c in range(1, len(sizes))]
    weights = np.concatenate([W.ravel() for W in network.weights])
    parts = [t("words.builder_net", lang, columns=", ".join(columns), n=weights.size,
               low=fmt(float(weights.min()), 3), high=fmt(float(weights.max()), 3))]
    units = [(c, k) for c in range(1, len(grids)) for k in range(min(sizes[c], len(grids[c])))]
    for c, k in units[:MAX_SAID]:
        parts.append(t("words.builder_unit", lang, layer=c, k=k + 1,
                       act=network.activations[c - 1], low=fmt(float(grids[c][k].min()), 3),
                       high=fmt(float(grids[c][k].max()), 3)))
    return sentences(parts, lang)


def _resample(grid: np.ndarray, cells: int) -> np.ndarray:
    """A (g, g) grid as (cells, cells), by nearest neighbour (cells ≤ g: a subsample)."""
    pick = np.linspace(0, grid.shape[0] - 1, cells).round().astype(int)
    return grid[np.ix_(pick, pick)]


def _column_title(sizes: tuple[int, ...], c: int, lang: str) -> str:
    if c == 0:
        return t("builder.net_features", lang)
    if c == len(sizes) - 1:
        return t("builder.net_output", lang)
    return t("builder.net_hidden", lang, k=c, n=sizes[c])


def _unit_text(network: Network, features: tuple[str, ...], c: int, k: int, lang: str) -> str:
    if c == 0:
        return feature_label(features[k], lang)
    bias = float(network.biases[c - 1][k])
    return t("builder.net_unit", lang, layer=c, k=k + 1, act=network.activations[c - 1],
             b=f"{bias:.3f}")


def link_share(j: int, units: int) -> float:
    """How far along a link into unit j (of ``units`` shown) its point sits: 0.2 … 0.8."""
    return 0.2 + 0.6 * (j + 0.5) / units


def _links(network: Network, centres: list[list[tuple[float, float]]],
           lang: str) -> list[dict[str, Any]]:
    """The links as WIDTHS line traces per sign (negative dashed), and one point per link as
    one invisible trace that shows its weight on hover and picks the link on a click."""
    shown = [W[:len(centres[c]), :len(centres[c + 1])] for c, W in enumerate(network.weights)]
    largest = max((float(np.abs(W).max()) for W in shown if W.size), default=0.0) or 1.0
    segments: dict[tuple[bool, int], list[float | None]] = {}
    ys: dict[tuple[bool, int], list[float | None]] = {}
    mid_x, mid_y, texts, links = [], [], [], []
    for c, W in enumerate(shown):
        for i, (x0, y0) in enumerate(centres[c]):
            for j, (x1, y1) in enumerate(centres[c + 1]):
                share = link_share(j, len(centres[c + 1]))
                w = float(W[i, j])
                bucket = (w < 0, min(WIDTHS - 1, int(abs(w) / largest * WIDTHS)))
                segments.setdefault(bucket, []).extend([x0 + 0.5, x1 - 0.5, None])
                ys.setdefault(bucket, []).extend([y0, y1, None])
                mid_x.append(x0 + 0.5 + share * (x1 - x0 - 1))
                mid_y.append(y0 + share * (y1 - y0))
                texts.append(t("builder.net_link", lang, name=f"W{c + 1}[{i + 1},{j + 1}]",
                               w=f"{w:.3f}"))
                links.append([c, i, j])
    traces = [{"type": "scatter", "mode": "lines", "x": segments[key], "y": ys[key],
               "hoverinfo": "skip", "showlegend": False,
               "line": {"color": NEGATIVE if key[0] else POSITIVE, "width": 0.8 + 1.3 * key[1],
                        "dash": "dash" if key[0] else "solid"}}
              for key in sorted(segments)]
    traces.append({"type": "scatter", "mode": "markers", "x": mid_x, "y": mid_y, "text": texts,
                   "customdata": links, "hovertemplate": "%{text}<extra></extra>",
                   "showlegend": False, "marker": {"size": 8, "color": INK, "opacity": 0},
                   # a click picks a link (tutor.builder.watch): nothing greys out
                   "selected": {"marker": {"opacity": 0}},
                   "unselected": {"marker": {"opacity": 0}}})
    return traces
