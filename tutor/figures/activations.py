"""Charts of the activation page: each function with its derivative, and gradient norms.

Every activation is called by the name a learner knows (sigmoid, tanh, ReLU, leaky ReLU,
linear), in the chart, its legend and its formula; bpcore's registry keys stay in the code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np

from bpcore import ACTIVATIONS
from tutor.figures.theme import (
    GRID,
    NEGATIVE,
    POSITIVE,
    SERIES,
    TITLE_PX,
    axis,
    chart_layout,
    font,
    legend,
    log_axis,
)
from tutor.i18n import t

# One colour per activation, colour-blind safe (Okabe–Ito).
COLOURS: Mapping[str, str] = MappingProxyType({
    "sigmoid": SERIES[0], "tanh": SERIES[2], "relu": SERIES[1], "leaky_relu": SERIES[3],
    "linear": SERIES[4]})
X_RANGE = (-5.0, 5.0)
# The learner's names as LaTeX, where the registry's differs (\mathrm{leaky\_relu}).
LATEX_NAMES: Mapping[str, str] = MappingProxyType({
    "relu": r"\mathrm{ReLU}", "leaky_relu": r"\mathrm{leaky\ ReLU}"})


def activation_name(name: str, lang: str) -> str:
    """A registry key as a learner reads it: relu → ReLU, leaky_relu → leaky ReLU."""
    return t(f"activation.name.{name}", lang)


def formulas_latex(name: str) -> str:
    """f(net) and f′(net) from bpcore's registry, one under the other, under the learner's name."""
    act = ACTIVATIONS[name]
    learner = LATEX_NAMES.get(name, act.symbol)
    value = act.formula.replace(act.symbol, learner, 1)
    prime = act.prime_formula.replace(act.symbol, learner, 1)
    return rf"\begin{{aligned}} &{value} \\ &{prime} \end{{aligned}}"


def activation_figure(name: str, lang: str) -> dict[str, Any]:
    """f(net) and f'(net) over net in [−5, 5], both from bpcore's registry."""
    act = ACTIVATIONS[name]
    if act.prime is None:
        raise ValueError(f"{name} has a Jacobian, not a curve of f'(net)")
    net = np.linspace(*X_RANGE, 201)
    layout = chart_layout(activation_name(name, lang), 340, left=60, right=15, top=80,
                          bottom=55,
                          xaxis=axis("net", zeroline=True, gridcolor=GRID),
                          yaxis=axis(None, zeroline=True, gridcolor=GRID),
                          legend=legend("top", y=1.04))
    layout["title"].update(x=0, xanchor="left", y=0.97, font=font(TITLE_PX + 3))
    return {
        "data": [
            {"type": "scatter", "mode": "lines", "x": net.tolist(), "y": act.f(net).tolist(),
             "name": t("activations.value", lang), "line": {"color": POSITIVE, "width": 4}},
            {"type": "scatter", "mode": "lines", "x": net.tolist(), "y": act.prime(net).tolist(),
             "name": t("activations.derivative", lang),
             "line": {"color": NEGATIVE, "width": 4, "dash": "dash"}},
        ],
        "layout": layout,
    }


def gradient_norms_figure(norms: Mapping[str, Sequence[float]], lang: str) -> dict[str, Any]:
    """One group of bars per layer, one bar per activation, on a log scale."""
    data = [{"type": "bar", "name": activation_name(name, lang),
             "x": [str(k + 1) for k in range(len(values))], "y": list(values),
             "marker": {"color": COLOURS.get(name, SERIES[6])},
             "hovertemplate": "%{x}: %{y:.3e}<extra>" + activation_name(name, lang)
                              + "</extra>"}
            for name, values in norms.items()]
    every = [v for values in norms.values() for v in values]
    return {"data": data, "layout": chart_layout(
        t("activations.norms_title", lang), 400, left=80, right=20, top=50, bottom=120,
        barmode="group",
        xaxis=axis(t("activations.layer", lang), type="category"),
        yaxis=log_axis(every, "‖∂E/∂W‖"),
        legend=legend("below", y=-0.3))}
