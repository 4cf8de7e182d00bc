"""The gradient-descent landscape page's session keys (app_pages/landscape.py): the two weights
of the plane, the span, the steps, the slice, and the results kept for this session."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from tutor.serving import shared
from tutor.serving.kept import KeptResult

# --- the gradient-descent landscape page ------------------------------------------------------
LAND_P: Final = "landscape.p"
LAND_Q: Final = "landscape.q"
LAND_SPAN: Final = "landscape.span"
LAND_STEP: Final = "landscape.step"
LAND_ONE: Final = "landscape.one"
LAND_FIT: Final = "landscape.fit"  # bool: the slice's span fits the update's step
LAND_RESULT: Final = KeptResult("landscape.result", shared.LANDSCAPES)  # → path and grid
LAND_SLICE: Final = KeptResult("landscape.slice", shared.SLICES)  # (scenario, w, span) → Slice


# Its kept widgets and their defaults (tutor.pages.defaults).
DEFAULTS: Final[Mapping[str, Any]] = MappingProxyType({
    LAND_P: "w5", LAND_Q: "w6", LAND_SPAN: 4.0, LAND_STEP: 20, LAND_ONE: "w5", LAND_FIT: True,
})
