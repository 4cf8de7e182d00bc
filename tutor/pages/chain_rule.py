"""The 1-1-1 chain-rule page's session keys (app_pages/chain_rule.py): its typed numbers and its
loss."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

# --- the 1-1-1 chain-rule page ----------------------------------------------------------------
CHAIN_PREFIX: Final = "chain."  # + x, w1, w2, y
CHAIN_LOSS: Final = "chain.loss"


# Its kept widgets and their defaults (tutor.pages.defaults).
DEFAULTS: Final[Mapping[str, Any]] = MappingProxyType({
    # the 1-1-1 chain: ŷ = 0.2845 far from y = 0.9, so J and every factor read at 4 decimals
    # and ∂J/∂w1 (through σ′(z1) = 0.18 and w2 < 0) is smaller than ∂J/∂w2 and of the other sign
    f"{CHAIN_PREFIX}x": 1.5, f"{CHAIN_PREFIX}w1": 0.8, f"{CHAIN_PREFIX}w2": -1.2,
    f"{CHAIN_PREFIX}y": 0.9, CHAIN_LOSS: "half_sse",
})
