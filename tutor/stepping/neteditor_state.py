"""The own-network editor's session keys (tutor.stepping.neteditor).

The editor never holds the network in use: the page passes it in and stores what
``own_network_editor`` returns. The editor keeps only what it needs to draw and to judge the
next change: the spec it last drew (every change applies to what the learner saw), a version
that gives its tables fresh keys whenever that spec changes or an edit is refused (a table
then shows the numbers in use again, not the refused edit), a change its buttons made for the
page to take, each section's refusal, and its draft controls.
"""

from __future__ import annotations

from typing import Final

OWN_SHOWN: Final = "own_net.shown"  # NetSpec the editor last drew; changes apply to it
OWN_VERSION: Final = "own_net.version"  # int: part of every table's key (fresh tables)
OWN_PENDING: Final = "own_net.pending"  # NetSpec a button or η made, returned once
OWN_REFUSALS: Final = "own_net.refusals"  # dict: section (shape, paste, X, W1…) → CodedError
# The draft shape: applied together by "Apply shape" or "Random with seed".
OWN_INPUTS: Final = "own_net.inputs"
OWN_HIDDEN: Final = "own_net.hidden"  # how many hidden layers
OWN_WIDTH_PREFIX: Final = "own_net.width."  # + hidden layer l (from 1): its units
OWN_ACTIVATION_PREFIX: Final = "own_net.activation."  # + hidden layer l (from 1)
OWN_OUTPUTS: Final = "own_net.outputs"
OWN_OUTPUT_ACTIVATION: Final = "own_net.output_activation"
OWN_LOSS: Final = "own_net.loss"
OWN_SAMPLES: Final = "own_net.samples"
OWN_ETA_FIELD: Final = "own_net.eta"  # the typed η field's text box (tutor.ui.fields)
OWN_TRAIN_BIASES: Final = "own_net.train_biases"  # the toggle, applied at once
OWN_SEED: Final = "own_net.seed"  # int, the seed in use (a kept_number)
OWN_PASTE: Final = "own_net.paste"  # the NumPy text box
OWN_TABLE_PREFIX: Final = "own_net.table."  # + version + "." + array: a st.data_editor

OWN_DEFAULT_SEED: Final = 0


def width_key(layer: int) -> str:
    """The draft units of hidden layer ``layer`` (from 1)."""
    return f"{OWN_WIDTH_PREFIX}{layer}"


def activation_key(layer: int) -> str:
    """The draft activation of hidden layer ``layer`` (from 1)."""
    return f"{OWN_ACTIVATION_PREFIX}{layer}"


def table_key(name: str, version: int) -> str:
    """The data editor of array ``name`` (X, T, W1, b1, …) drawn at ``version``."""
    return f"{OWN_TABLE_PREFIX}{version}.{name}"
