"""The training page's session keys (app_pages/training.py): how many updates, the scale, the
replay, and the run kept for this session (computed once per server)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from tutor.serving import shared
from tutor.serving.kept import KeptResult

# --- the training page ------------------------------------------------------------------------
TRAIN_ITERATIONS: Final = "train.iterations"
TRAIN_LOG: Final = "train.log_scale"
TRAIN_REPLAY: Final = "train.replay"  # the iteration the replay slider shows
TRAIN_RESULT: Final = KeptResult("train.result", shared.TRAINING)  # (scenario, n) → History


# Its kept widgets and their defaults (tutor.pages.defaults).
DEFAULTS: Final[Mapping[str, Any]] = MappingProxyType({
    TRAIN_ITERATIONS: 10_000, TRAIN_LOG: True,
})
