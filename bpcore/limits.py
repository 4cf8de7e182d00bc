"""Every numeric range a user can set, in one place: the widgets show them, bpcore enforces them.

A :class:`Range` is lo ≤ x ≤ hi (lo < x when ``open_lo``); ``check`` refuses a value outside
it with a coded reason (``out_of_range`` with value, lo and hi). The tutor's widgets take
their min and max from here (``*WIDTH.bounds`` is ``1, 64``), and bpcore validates the same
values against the same constants, so a control and the engine behind it cannot disagree.

Where two places used to disagree, the range kept is the one that is right for a learner:

- ``SGD_ETA`` (the builder had 0.0001–10, the digits 0.001–100, sgd itself 0–1000): one rate
  for both mini-batch pages, 0.001–100. Both pages detect divergence and explain it, so a
  rate far too large is a lesson rather than a crash. 0.001 already shows "too slow" (the
  builder's default 400 epochs take the moons' loss only from 0.65 to 0.33), a tenth of it
  teaches nothing more, and the digits field shows three decimals (0.0001 would read 0.000).
- ``TEST_SHARE`` (recipe 10–50 %, builder 5–50 %): 10–50 %. With the smallest data set
  (20 points) 5 % is one test point, whose accuracy can only be 0 or 100 %.
- ``POINTS`` (recipe 20–1,000, the generator 4–5,000): 20–1,000. Fewer than 20 points draw no
  boundary worth reading; more than 1,000 clutter the scatter and slow the live page.
- ``NOISE`` (recipe 0–0.5, the generator 0–1): 0–0.5. At a noise of 1 every toy set is a
  shapeless cloud: there is nothing left to learn.
- ``BATCH`` (builder 1–1,000, digits 1–1,024): 1–1,024, the one mini-batch size of both
  pages' sgd (a batch larger than the data is one full batch).
- ``VANISHING_DEPTH`` (the page 2–16, bpcore.deep 1–50): 2–16, the page's slider. One layer
  has no layer below it for a gradient to vanish through, and at 16 the sigmoid stack's first
  gradient is already seven orders of magnitude below relu's (6e-11 against 7e-4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from bpcore.errors import MAX_NUMBER_CHARS, CodedError

N = TypeVar("N", int, float)


@dataclass(frozen=True)
class Range(Generic[N]):
    """The values lo ≤ x ≤ hi (lo < x when ``open_lo``); ints for counts, floats otherwise."""

    lo: N
    hi: N
    open_lo: bool = False

    @property
    def bounds(self) -> tuple[N, N]:
        """(lo, hi): a widget takes its min and max as ``st.slider(label, *POINTS.bounds)``."""
        return self.lo, self.hi

    def contains(self, x: float) -> bool:
        """True when x lies in the range (NaN never does)."""
        above = self.lo < x if self.open_lo else self.lo <= x
        return bool(above and x <= self.hi)

    def clip(self, x: float) -> float:
        """x moved to the nearest end when outside: min(max(x, lo), hi). Closed ranges only."""
        if self.open_lo:
            raise CodedError("range", "open", lo=self.lo)  # no nearest value at an open end
        return min(max(x, self.lo), self.hi)

    def check(self, field: str, x: float) -> float:
        """x when it lies in the range, else CodedError(field, "out_of_range", value, lo, hi)."""
        if not self.contains(x):
            raise CodedError(field, "out_of_range", value=x, lo=self.lo, hi=self.hi)
        return x


# --- the worked example (bpcore.scenario, the editor, training, the learning-rate page) --------
MAX_MAGNITUDE = 1e6  # |input|, |target|, |weight|, |bias|: nothing a learner types overflows
MAGNITUDE = Range(-MAX_MAGNITUDE, MAX_MAGNITUDE)
ETA = Range(0.0, 1000.0, open_lo=True)  # η of the 2-2-2: up to 1000 for divergence lessons
VALLEY_ETA = Range(1e-4, 10.0)  # an optimiser's η in the learning-rate page's race
ITERATIONS = Range(1, 100_000)  # updates on the training page (bpcore also accepts 0: no update)
RATES = Range(1, 8)  # how many learning rates the learning-rate page trains side by side
DECIMALS = Range(2, 10)  # decimals shown
SEED = Range(0, 2**31 - 1)  # every seed a user types: exercises, data, weights

# --- the chain rule on a 1-1-1 network (x, w1, w2 in MAGNITUDE) --------------------------------
CHAIN_TARGET = Range(0.0, 1.0)  # y: a probability, the sigmoid output's range

# --- the landscape and the vanishing gradient ---------------------------------------------------
LANDSCAPE_SPAN = Range(1.0, 10.0)  # half-width of the drawn rectangle around the weights
DESCENT_STEPS = Range(0, 200)  # gradient-descent steps drawn across the landscape
VANISHING_DEPTH = Range(2, 16)  # layers of the stack whose gradients are compared

# --- the network builder (bpcore.builder, bpcore.recipe, tutor.builder.controls) ---------------
HIDDEN_LAYERS = Range(0, 6)
WIDTH = Range(1, 64)
POINTS = Range(20, 1000)
NOISE = Range(0.0, 0.5)
TEST_SHARE = Range(0.1, 0.5)
BUILDER_EPOCHS = Range(1, 5000)

# --- mini-batch SGD: the builder and the digits (bpcore.sgd) -----------------------------------
SGD_ETA = Range(0.001, 100.0)
BATCH = Range(1, 1024)
REGULARISATION_RATE = Range(0.0, 10.0)  # λ: Playground offers 0.001 … 10
MOMENTUM = Range(0.0, 0.999)  # μ of momentum, β₁ of Adam: below 1, or velocity never decays
DECAY = Range(0.0, 0.9999)  # ρ of RMSProp, β₂ of Adam

# --- the handwritten digits (tutor.digits.view): 8×8 UCI digits and MNIST ----------------------
UCI_HIDDEN = Range(8, 128)
MNIST_HIDDEN = Range(8, 256)
DIGITS_EPOCHS = Range(1, 60)

# --- typed text: every text field's max_chars (the browser stops there), and what its reader
# refuses beyond, before any regex or parser sees the text (a request can bypass the browser)
NUMBER_CHARS = MAX_NUMBER_CHARS  # one number: the editor, every typed field, answers (64)
LIST_CHARS = 256  # the learning-rate page's list: 8 rates, each written as long as anyone would
# A box takes one character more than its reader accepts. The browser cuts a paste at
# max_chars, and so does Streamlit on the server (its text_input deserializer): with the same
# limit, "1", 200,000 spaces, "1" would arrive as "1" and 63 spaces and be read as 1. One
# more, and anything longer than the reader's limit arrives too long and is refused.
NUMBER_FIELD_CHARS = NUMBER_CHARS + 1
LIST_FIELD_CHARS = LIST_CHARS + 1
# An answer may be worked arithmetic (bpcore.expr): "0.5*(0.01-0.7513650695523157)**2" is 32
# characters, both outputs' error at full precision about 70.
EXPR_CHARS = 128
EXPR_FIELD_CHARS = EXPR_CHARS + 1
EXPR_DEPTH = 16  # brackets, signs and powers nested inside one another
EXPR_EXPONENT = 64  # |exponent| of a power: 10**-4 and 2**10 pass, 9**9**9 is refused
NOTE_CHARS = 200  # predict's one-line "why?"
# Pasted NumPy text (bpcore.netspec.parse_numpy, the own-network editor's paste box). The
# largest network's every array written back by NetSpec.to_numpy at full float precision
# (4-4-4-4-4, 4 samples: 112 numbers of at most 24 characters) takes about 3,300 characters.
PASTE_CHARS = 4000
PASTE_FIELD_CHARS = PASTE_CHARS + 1
PATH_CHARS = 1024  # a folder on the server (the digits page's MNIST folder)
