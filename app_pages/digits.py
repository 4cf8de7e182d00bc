"""Handwritten digits: a relu/softmax network trained by bpcore on the bundled 8×8 digits
(automatically) or on MNIST from the user's IDX files (on the Train button)."""

import streamlit as st

from tutor import state
from tutor.digits_view import bundled, mnist
from tutor.i18n import t
from tutor.page import begin, phase_banner

ctx = begin("digits")
phase_banner("digits", ctx.lang)
source = st.radio(t("digits.source", ctx.lang), ("uci", "mnist"), horizontal=True,
                  format_func=lambda s: t(f"digits.source_{s}", ctx.lang),
                  key=state.DIGITS_SOURCE)
if source == "mnist":
    mnist(ctx.lang)
else:
    bundled(ctx.lang)
