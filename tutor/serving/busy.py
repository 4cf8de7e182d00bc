"""What a page shows when the server's worker pool could not take its run (tutor.serving.pool)."""

from __future__ import annotations

from typing import Any, Final

import streamlit as st

from tutor.i18n import t
from tutor.serving.kept import Outcome
from tutor.serving.pool import PoolError
from tutor.ui.reasons import reason

POOL_RETRY: Final = "pool.retry"  # session key: the Try again button under a refused run
REFUSALS: tuple[type[Exception], ...] = (PoolError,)  # pass to KeptResult.keep(refusals=…)


def pool_refusal(outcome: Outcome[Any, Any], lang: str) -> None:
    """When the pool refused the run (busy, or its worker crashed): say why in ``lang`` with a
    Try again button; the last valid result, if any, stays shown, and without one the page
    stops here."""
    if not isinstance(outcome.refusal, PoolError):
        return
    st.warning(reason(outcome.refusal, lang), icon=":material/hourglass_top:")
    st.button(t("pool.retry", lang), key=POOL_RETRY)  # pressing it reruns: a new try
    if outcome.kept is None:
        st.stop()
