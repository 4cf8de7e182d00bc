"""Forward pass: step through every net, out and error of the trace, on the diagram, for the
network in use (the worked example, a preset or the learner's own: tutor.stepping.stepview)."""

from tutor.stepping.stepview import step_page
from tutor.ui.page import begin, phase_banner

ctx = begin("forward")
phase_banner("forward", ctx.lang)
step_page("forward", ctx)
