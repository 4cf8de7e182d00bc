"""The activation-functions page's session keys (app_pages/activations.py): the vanishing-
gradient demo's depth and activations."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

# --- the activation-functions page ------------------------------------------------------------
VANISHING_DEPTH: Final = "vanishing.depth"
VANISHING_ACTIVATIONS: Final = "vanishing.activations"


# Its kept widgets and their defaults (tutor.pages.defaults).
DEFAULTS: Final[Mapping[str, Any]] = MappingProxyType({
    VANISHING_DEPTH: 8, VANISHING_ACTIVATIONS: ("sigmoid", "relu"),
})
