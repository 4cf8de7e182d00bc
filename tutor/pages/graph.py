"""The computational-graph page's session keys (app_pages/graph.py): the example shown, the
name of its chain, each example's stepper and leaves."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

# --- the computational-graph page -------------------------------------------------------------
GRAPH_EXAMPLE: Final = "graph.example"
GRAPH_CHAIN_NAME: Final = "graph.chain_name"
GRAPH_REVERSE_STEP: Final = "step.graph.reverse"  # the reverse network's stepper position


def graph_step_key(example: str) -> str:
    """Stepper position of one example graph (each example remembers its own place)."""
    return f"step.graph.{example}"


def graph_leaf_key(example: str, leaf: str) -> str:
    """Number input of one leaf of one example graph."""
    return f"graph.{example}.{leaf}"


# Its kept widgets and their defaults (tutor.pages.defaults).
DEFAULTS: Final[Mapping[str, Any]] = MappingProxyType({
    GRAPH_EXAMPLE: "apples",
})
