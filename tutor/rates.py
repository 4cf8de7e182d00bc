"""Reading the learning-rate page's list of rates from what a teacher types."""

from __future__ import annotations

import math

from bpcore.limits import ETA, RATES

MAX_RATES = RATES.hi
MAX_ETA = ETA.hi


def parse_rates(text: str) -> tuple[tuple[float, ...], tuple[str, dict[str, str]] | None]:
    """The rates in ``text`` ("0.05, 0.5, 5, 50"), or why not as (translation key, params).

    Commas, semicolons, spaces and their full-width Chinese forms all separate; at most
    MAX_RATES rates, each finite, > 0 and ≤ MAX_ETA; duplicates are dropped, order kept.
    """
    parts = [p for p in text.replace("，", ",").replace("；", ",").replace(";", ",")
             .replace(" ", ",").split(",")
             if p]
    if not parts:
        return (), ("rates.empty", {})
    rates: list[float] = []
    for part in parts:
        try:
            eta = float(part)
        except ValueError:
            return (), ("rates.not_a_number", {"entry": part[:20]})
        if not math.isfinite(eta) or not ETA.contains(eta):
            return (), ("rates.out_of_range", {"entry": part[:20], "limit": f"{MAX_ETA:g}"})
        if eta not in rates:
            rates.append(eta)
    if len(rates) > MAX_RATES:
        return (), ("rates.too_many", {"limit": str(MAX_RATES)})
    return tuple(rates), None
