"""Weight update: old → new for every parameter, the error before and after, and Apply, for
the network in use (tutor.stepping.stepview); the worked example iterates its updates and
ends with the concept check."""

from tutor.stepping.stepview import step_page
from tutor.ui.page import begin, phase_banner

ctx = begin("update")
phase_banner("update", ctx.lang)
step_page("update", ctx)
