"""bpcore: an exact, fully traced backpropagation engine in pure NumPy.

The worked 2-2-2 example (Scenario → trace_step → Trace) runs on the same general engine
(Network) as every larger network of the app, and its values are the general stepper's one
typed trace (bpcore.stepper_trace) read under the tutorial's names. NumPy and the standard
library only.
"""

from bpcore.activations import ACTIVATIONS, Activation
from bpcore.format import fmt, fmt_full, fmt_latex
from bpcore.formula import Formula, Message
from bpcore.gradcheck import GradCheck, gradcheck, scenario_estimates
from bpcore.losses import LOSSES, Loss
from bpcore.network import LayerGradient, LayerRecord, Network
from bpcore.scenario import EDGES, HIDDEN, INPUTS, OUTPUTS, Scenario, ScenarioError
from bpcore.steps import PHASES, Step
from bpcore.trace import Trace, Update, trace_step
from bpcore.training import Fit, History, fit, train, train_rates

__all__ = [
    "ACTIVATIONS",
    "EDGES",
    "HIDDEN",
    "INPUTS",
    "LOSSES",
    "OUTPUTS",
    "PHASES",
    "Activation",
    "Fit",
    "Formula",
    "GradCheck",
    "History",
    "LayerGradient",
    "LayerRecord",
    "Loss",
    "Message",
    "Network",
    "Scenario",
    "ScenarioError",
    "Step",
    "Trace",
    "Update",
    "fit",
    "fmt",
    "fmt_full",
    "fmt_latex",
    "gradcheck",
    "scenario_estimates",
    "trace_step",
    "train",
    "train_rates",
]
