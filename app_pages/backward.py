"""Backward pass: every factor, δ and gradient from the output back, checked numerically, for
the network in use (tutor.stepping.stepview); or, in the faded-example mode, the chain to the
last layer's first weight's update (the worked example's w5), worked and faded stage by stage."""

from tutor.stepping.stepview import step_page
from tutor.ui.page import begin, phase_banner

ctx = begin("backward")
phase_banner("backward", ctx.lang)
step_page("backward", ctx)
