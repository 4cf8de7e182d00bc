"""Handwritten digits: a relu/softmax network trained by bpcore on the bundled 8×8 digits or
the bundled MNIST subset (automatically), or on MNIST from the user's IDX files (on the Train
button); then a digit drawn by hand through it, and the recipe as code."""

import streamlit as st

from tutor.digits import state as digits_state
from tutor.digits.view import bundled, mnist, subset
from tutor.i18n import t
from tutor.ui.choices import choice_widget
from tutor.ui.page import begin, phase_banner

ctx = begin("digits")
phase_banner("digits", ctx.lang)
source = choice_widget(
    st.radio, t("digits.source", ctx.lang), ("uci", "subset", "mnist"), horizontal=True,
    format_func=lambda s: t(f"digits.source_{s}", ctx.lang), key=digits_state.DIGITS_SOURCE)
if source == "mnist":
    mnist(ctx.lang)
elif source == "subset":
    subset(ctx.lang)
else:
    bundled(ctx.lang)
