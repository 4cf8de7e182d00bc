"""The learning-rate page (app_pages/learning_rate.py): its session keys and defaults, and
reading its list of rates from what a teacher types, with its field."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import streamlit as st

from bpcore.errors import MAX_TEXT, CodedError, parse_number
from bpcore.limits import ETA, LIST_CHARS, LIST_FIELD_CHARS, RATES
from bpcore.valley import RACERS
from tutor.i18n import t
from tutor.serving import shared
from tutor.serving.kept import KeptResult
from tutor.ui.reasons import reason

# --- the learning-rate page -------------------------------------------------------------------
RATES_TEXT: Final = "rates.text"
RATES_VALID: Final = "rates.valid"  # tuple[float, ...]: the last list that parsed
RATES_ITERATIONS: Final = "rates.iterations"  # no widget: a page default tests may preset
RATES_RESULT: Final = KeptResult("rates.result", shared.RATES)  # (scenario, rates, n) → runs
RATES_PROBLEM: Final = "rates.problem"  # "bowl" (the default: it shows the lesson) |
# "optimisers" | "worked"
BOWL_A: Final = "rates.bowl.a"  # the bowl's curvature a (a typed field)
BOWL_TEXT: Final = "rates.bowl.text"  # the bowl's rates, as typed
BOWL_VALID: Final = "rates.bowl.valid"  # tuple[float, ...]: the last bowl list that parsed
BOWL_ITERATIONS: Final = "rates.bowl.iterations"  # no widget: a page default
BOWL_RESULT: Final = KeptResult("rates.bowl.result", shared.BOWLS)  # (bowl, rates, n) → runs
VALLEY: Final = "rates.valley"  # "bowl" | "ravine": where the optimisers race (bpcore.valley)
VALLEY_ITERATIONS: Final = "rates.valley.iterations"  # no widget: a page default


def valley_eta_key(name: str) -> str:
    """The typed field of one optimiser's η in the race (name: bpcore.optimisers.NAMES)."""
    return f"rates.valley.eta.{name}"


# Its kept widgets and their defaults (tutor.pages.defaults).
DEFAULTS: Final[Mapping[str, Any]] = MappingProxyType({
    RATES_TEXT: "0.05, 0.5, 5, 50", RATES_ITERATIONS: 10_000,
    # the bowl a = 2 (thresholds 1/a = 0.5, 2/a = 1): a rate that crawls, a good one, one that
    # oscillates in and one that diverges, each so called by bpcore.descent.verdict
    RATES_PROBLEM: "bowl", BOWL_A: 2.0, BOWL_TEXT: "0.02, 0.3, 0.8, 1.1", BOWL_ITERATIONS: 30,
    # the optimisers race in the ravine, where momentum and Adam beat plain SGD
    VALLEY: "ravine", VALLEY_ITERATIONS: 150,
    **{valley_eta_key(spec.name): eta for spec, eta in RACERS},
})


MAX_RATES = RATES.hi
MAX_ETA = ETA.hi
FIELD = "rates"  # the field a refusal names: its texts are reason.rates.<code>


def parse_rates(text: str) -> tuple[float, ...]:
    """The rates in ``text`` ("0.05, 0.5, 5, 50"), or a CodedError saying why not.

    Commas, semicolons, spaces and their full-width Chinese forms all separate; each entry
    is read by bpcore.errors.parse_number (full-width digits too) and must be finite, > 0 and
    ≤ MAX_ETA; at most MAX_RATES rates; duplicates are dropped, order kept. Codes: empty,
    not_a_number, not_finite, out_of_range (each entry's ``value`` as typed), too_many, and
    too_long (more than LIST_CHARS characters, checked before the text is split or read).
    """
    if len(text) > LIST_CHARS:
        raise CodedError(FIELD, "too_long", limit=LIST_CHARS)
    parts = [p for p in text.replace("，", ",").replace("；", ",").replace(";", ",")
             .replace("\u3000", ",").replace(" ", ",").split(",")
             if p]
    if not parts:
        raise CodedError(FIELD, "empty")
    rates: list[float] = []
    for part in parts:
        eta = parse_number(FIELD, part, 0.0, MAX_ETA)
        if eta == 0:  # the range is 0 < η ≤ MAX_ETA: zero would never move
            raise CodedError(FIELD, "out_of_range", value=part[:MAX_TEXT], lo=0.0, hi=MAX_ETA)
        if eta not in rates:
            rates.append(eta)
    if len(rates) > MAX_RATES:
        raise CodedError(FIELD, "too_many", limit=MAX_RATES)
    return tuple(rates)


def rates_field(text_key: str, valid_key: str, lang: str) -> tuple[float, ...]:
    """The rates typed under ``text_key``; a refused list is explained and the last valid one
    (kept under ``valid_key``) stays in use."""
    text = st.text_input(t("rates.input", lang), key=text_key, max_chars=LIST_FIELD_CHARS)
    try:
        rates = parse_rates(text)
    except CodedError as err:
        st.error(t("rates.rejected", lang, reason=reason(err, lang)), icon="⚠️")
        rates = st.session_state.get(valid_key) or parse_rates(DEFAULTS[text_key])
    st.session_state[valid_key] = rates
    return rates
