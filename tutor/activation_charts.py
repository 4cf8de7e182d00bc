"""Charts of the activation page: each function with its derivative, and gradient norms."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from bpcore import ACTIVATIONS
from tutor.charts import FONT
from tutor.diagram import NEGATIVE, POSITIVE
from tutor.i18n import t

# One colour per activation, colour-blind safe (Okabe–Ito).
COLOURS = {"sigmoid": "#0072b2", "tanh": "#009e73", "relu": "#d55e00",
           "leaky_relu": "#cc79a7", "linear": "#e69f00"}
X_RANGE = (-5.0, 5.0)


def activation_figure(name: str, lang: str) -> dict[str, Any]:
    """f(z) and f'(z) over z in [−5, 5], both from bpcore's registry."""
    act = ACTIVATIONS[name]
    z = np.linspace(*X_RANGE, 201)
    return {
        "data": [
            {"type": "scatter", "mode": "lines", "x": z.tolist(), "y": act.f(z).tolist(),
             "name": t("activations.value", lang), "line": {"color": POSITIVE, "width": 4}},
            {"type": "scatter", "mode": "lines", "x": z.tolist(), "y": act.prime(z).tolist(),
             "name": t("activations.derivative", lang),
             "line": {"color": NEGATIVE, "width": 4, "dash": "dash"}},
        ],
        "layout": {"height": 300, "margin": {"l": 50, "r": 10, "t": 50, "b": 40},
                   "title": {"text": name, "font": {"size": 20}}, "font": FONT,
                   "legend": {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02,
                              "yanchor": "bottom", "font": FONT}, "plot_bgcolor": "white",
                   "paper_bgcolor": "white",
                   "xaxis": {"title": {"text": "z", "font": FONT}, "tickfont": FONT,
                             "zeroline": True, "gridcolor": "#eeeeee"},
                   "yaxis": {"gridcolor": "#eeeeee", "zeroline": True, "tickfont": FONT}},
    }


def gradient_norms_figure(norms: Mapping[str, Sequence[float]], lang: str) -> dict[str, Any]:
    """One group of bars per layer, one bar per activation, on a log scale."""
    data = [{"type": "bar", "name": name, "x": [str(k + 1) for k in range(len(values))],
             "y": list(values), "marker": {"color": COLOURS.get(name, "#555555")},
             "hovertemplate": "%{x}: %{y:.3e}<extra>" + name + "</extra>"}
            for name, values in norms.items()]
    return {"data": data, "layout": {
        "height": 380, "barmode": "group", "margin": {"l": 70, "r": 10, "t": 50, "b": 60},
        "title": {"text": t("activations.norms_title", lang), "font": {"size": 20}},
        "font": FONT, "plot_bgcolor": "white", "paper_bgcolor": "white",
        "xaxis": {"title": {"text": t("activations.layer", lang), "font": FONT},
                  "tickfont": FONT},
        "yaxis": {"type": "log", "title": {"text": "‖∂E/∂W‖", "font": FONT}, "tickfont": FONT,
                  "exponentformat": "power", "gridcolor": "#eeeeee"},
        "legend": {"orientation": "h", "y": -0.25, "font": FONT}}}
