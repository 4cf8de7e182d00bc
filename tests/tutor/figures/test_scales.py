"""A colour scale on every heatmap: each heatmap or contour a figure builder makes draws its
colour bar, writes its values in its cells, or its figure states the scale in words
(tutor.figures.words.with_scale, drawn as a caption under the chart) in the reader's
language."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from bpcore import Scenario
from bpcore.builder import Architecture, DataSpec, Run, build, decision_grid, neuron_grids
from bpcore.landscape import descent_path, error_grid
from tutor.figures.builder import boundary_figure, rows_figure
from tutor.figures.builder_net import network_figure
from tutor.figures.digits import confusion_figure, mosaic_figure
from tutor.figures.landscape import contour_figure
from tutor.figures.words import scale_of
from tutor.i18n import LANGUAGES, t

HEAT = ("heatmap", "contour")


@pytest.fixture(scope="module")
def runs() -> dict[str, Run]:
    """A two-epoch run of each kind: classes (xor) and regression (plane)."""
    return {name: build(Architecture((3,), ("tanh",)), DataSpec(name, n=40), 0.3, 2, 8, 0)
            for name in ("xor", "plane")}


def unscaled(spec: dict[str, Any]) -> list[int]:
    """The indices of the heatmaps and contours that say their scale nowhere: no colour bar
    (Plotly's showscale defaults to true), no values written in, no scale in words."""
    return [i for i, trace in enumerate(spec["data"])
            if trace.get("type") in HEAT and trace.get("showscale", True) is False
            and not trace.get("texttemplate") and not scale_of(spec)]


def figures(runs: dict[str, Run], lang: str) -> dict[str, dict[str, Any]]:
    """One of every heatmap a figure builder draws."""
    out: dict[str, dict[str, Any]] = {}
    for name, run in runs.items():
        grid = decision_grid(run.network, run.X_train, 12, regression=run.regression)
        for discretize in (True, False):
            out[f"{name} plane, discretize {discretize}"] = boundary_figure(
                grid, run, lang, discretize=discretize)
        grids = neuron_grids(run.network, run.X_train, run.features, 12)
        out[f"{name} unit's plane"] = boundary_figure(grid, run, lang, height=300,
                                                      unit=("h", grids[1][0]))
        out[f"{name} network picture"] = network_figure(run.network, grids, run.features, lang)
    out["delta rows"] = rows_figure(np.array([[0.1, -0.2], [0.3, 0.0]]), "δ", lang)
    out["confusion"] = confusion_figure(np.array([[5, 1], [0, 7]]), lang)
    out["digit images"] = mosaic_figure(np.zeros((2, 4, 4)), ["1", "2"], "x", 2, lang=lang)
    out["weights"] = mosaic_figure(np.zeros((2, 4, 4)), ["1", "2"], "w", 2, diverging=True,
                                   lang=lang)
    s = Scenario.worked_example()
    out["landscape"] = contour_figure(error_grid(s, "w5", "w6", (-1, 1), (0, 1), n=6),
                                      descent_path(s, "w5", "w6", 4), 4, lang)
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_heatmap_says_its_colour_scale(runs: dict[str, Run], lang: str) -> None:
    drawn = figures(runs, lang)
    heat = {name for name, spec in drawn.items()
            if any(trace.get("type") in HEAT for trace in spec["data"])}
    assert heat == set(drawn)  # every figure here has a heatmap to check
    assert {name: unscaled(spec) for name, spec in drawn.items() if unscaled(spec)} == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_shared_scales_are_said_in_the_readers_language(runs: dict[str, Run],
                                                            lang: str) -> None:
    drawn = figures(runs, lang)
    assert scale_of(drawn["xor network picture"]) == t("scale.units", lang)
    assert scale_of(drawn["plane plane, discretize False"]) == t("scale.output", lang)
    assert scale_of(drawn["plane plane, discretize True"]) == t("scale.sign", lang)
    assert scale_of(drawn["xor plane, discretize True"]) == t("scale.classes", lang)
    assert scale_of(drawn["xor unit's plane"]) == t("scale.output", lang)
    assert scale_of(drawn["digit images"]) == t("scale.ink", lang)
    # a colour bar of its own: no words needed
    assert drawn["weights"]["data"][0]["showscale"] is True and not scale_of(drawn["weights"])
