"""A network-builder recipe as a program: seed 000's batch layer, trained in plain NumPy.

batch_program(recipe, decimals) writes the recipe as code cells that reproduce the builder's
run: the data (the split the builder trains on, written out), the starting weights (drawn
from the recipe's seed as bpcore draws them), the batch version of seed 000's Layer and
mini-batch SGD with the builder's shuffling. Seed 000's layer, in the worked example's names
(net, out, δ): on a batch of m rows each layer computes ``net = x @ W + b`` (m, n_out) and
``out = f(net)``; backward ``delta = dE_dout * f'(net)`` per sample, then the mean over the
batch for the parameter gradients only: ``dE_dW = x.T @ (delta / m)``,
``dE_db = (delta / m).sum(axis=0)``, while the gradient it passes down,
``dE_dx = delta @ W.T`` (m, n_in), stays per sample (averaging it too is the mistake seed 000
warns about). Each activation's and loss's NumPy source is bpcore's own (``Activation.code``,
``Loss.code``).

The cells print ``train_loss_<epoch>``, ``test_loss_<epoch>``, ``train_accuracy_<epoch>`` and
``test_accuracy_<epoch>`` for the epochs in ``reported_epochs``: the tests compare them with
the builder's Curves. The layer cell is tagged step "layer" (the builder's code view).
"""

from __future__ import annotations

from textwrap import indent

import numpy as np

from bpcore.activations import ACTIVATIONS
from bpcore.losses import LOSSES
from bpcore.program import Program, code, text
from bpcore.recipe import OwnData, Recipe

LAYER = '''
class Layer:
    """One layer on a batch of rows: out = f(x @ W + b)."""

    def __init__(self, W, b, f, f_delta):
        self.W, self.b, self.f, self.f_delta = W, b, f, f_delta

    def forward(self, x):
        self.x = x                        # (m, n_in): one row per sample
        self.net = x @ self.W + self.b    # (m, n_out)
        self.out = self.f(self.net)
        return self.out

    def backward(self, dE_dout, eta):
        delta = self.f_delta(self.net, self.out, dE_dout)  # dE_dout * f'(net): (m, n_out)
        m = len(self.x)
        # the mean over the batch, for the parameter gradients only:
        dE_dW = self.x.T @ (delta / m)    # (n_in, m) @ (m, n_out)
        dE_db = (delta / m).sum(axis=0)
        dE_dx = delta @ self.W.T          # (m, n_in): per sample, NOT divided by m
        self.W -= eta * dE_dW
        self.b -= eta * dE_db
        return dE_dx
'''


def _literal(a: np.ndarray) -> str:
    """An array as a NumPy literal with every digit (one row a line for 2-D)."""
    if a.ndim == 1:
        return "np.array([" + ", ".join(repr(x.item()) for x in a) + "])"
    rows = ",\n    ".join("[" + ", ".join(repr(float(x)) for x in row) + "]" for row in a)
    return f"np.array([\n    {rows},\n])"


def reported_epochs(epochs: int) -> tuple[int, ...]:
    """The epochs whose loss and accuracy the program prints: the start, the first, the
    middle and the last."""
    return tuple(sorted({0, 1, epochs // 2, epochs}))


def batch_program(recipe: Recipe, with_data: bool = True) -> Program:
    """The recipe's program: data, starting weights, seed 000's batch Layer, mini-batch SGD.

    ``with_data``: False leaves the data out of the data cell (a code view that shows only
    the layer and the training, on every rerun, need not write 1,000 points).
    """
    data = recipe.data if recipe.points is None else OwnData(
        seed=recipe.data.seed, test_fraction=recipe.data.test_fraction, points=recipe.points)
    X_train, y_train, X_test, y_test = data.make()
    classes = int(max(y_train.max(), y_test.max())) + 1
    arch = recipe.arch
    sizes = (2, *arch.hidden, classes)
    acts = (*arch.activations, arch.output)
    simplified = arch.output == "softmax" and arch.loss == "cross_entropy"
    used = sorted(set(acts))
    functions = []
    for name in used:
        f, delta = ACTIVATIONS[name].code
        functions.append(f"def {name}(net):\n{indent(f, '    ')}\n\n\n"
                         f"def {name}_delta(net, out, dE_dout):\n    return {delta}")
    terms, loss_grad = LOSSES[arch.loss].code
    output_delta = "passed_through" if simplified else f"{arch.output}_delta"
    setup = "\n\n\n".join([
        "import numpy as np\n\nTINY = np.finfo(float).tiny  # keeps log(0) and t/0 finite",
        *functions,
        "def passed_through(net, out, dE_dout):\n    return dE_dout",
        f"def loss(out, t):\n    \"\"\"{arch.loss}: the mean over the batch's rows.\"\"\"\n"
        f"    return ({terms}).sum() / len(out)",
        "def loss_grad(out, t):\n"
        + ("    # softmax + cross-entropy: dE/dnet = out - target, the output layer's delta\n"
           "    return out - t" if simplified else
           f"    \"\"\"dE/dout of each row (not divided by the batch).\"\"\"\n"
           f"    return {loss_grad}"),
        "def show(name, value):\n    print(f\"{name} = {float(value)!r}\")",
    ])
    data_cell = "# the data: in the notebook" if not with_data else "\n".join([
        f"X_train = {_literal(X_train)}  # {X_train.shape}",
        f"y_train = {_literal(y_train)}",
        f"X_test = {_literal(X_test)}  # {X_test.shape}",
        f"y_test = {_literal(y_test)}",
        f"classes = {classes}",
        "T_train, T_test = np.eye(classes)[y_train], np.eye(classes)[y_test]  # one-hot",
    ])
    layer_lines = []
    for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        grad = output_delta if k == len(sizes) - 2 else f"{acts[k]}_delta"
        layer_lines.append(f"# layer {k + 1}: W ({n_in}, {n_out}), b ({n_out},), "
                           f"{acts[k]}; on a batch x ({recipe.batch}, {n_in}) → "
                           f"net, out ({recipe.batch}, {n_out})")
        layer_lines.append(
            f"W = rng.standard_normal(({n_in}, {n_out})) * (1 / np.sqrt({n_in}))")
        layer_lines.append(f"layers.append(Layer(W, np.zeros({n_out}), {acts[k]}, {grad}))")
    start = "\n".join([
        f"# weights N(0, 1)/sqrt(n_in) drawn from seed {recipe.seed}, biases zero",
        f"rng = np.random.default_rng({recipe.seed})",
        "layers = []",
        *layer_lines,
    ])
    train = "\n".join([
        f"eta, epochs, batch = {recipe.eta!r}, {recipe.epochs}, {recipe.batch}",
        f"report = {reported_epochs(recipe.epochs)!r}",
        "",
        "",
        "def forward(x):",
        "    for layer in layers:",
        "        x = layer.forward(x)",
        "    return x",
        "",
        "",
        "def measure(epoch):",
        "    for part, X, T, y in ((\"train\", X_train, T_train, y_train),",
        "                          (\"test\", X_test, T_test, y_test)):",
        "        out = forward(X)",
        "        show(f\"{part}_loss_{epoch}\", loss(out, T))",
        "        show(f\"{part}_accuracy_{epoch}\", np.mean(out.argmax(axis=-1) == y))",
        "",
        "",
        f"order_rng = np.random.default_rng({recipe.seed})  # shuffles each epoch",
        "measure(0)",
        "for epoch in range(1, epochs + 1):",
        "    order = order_rng.permutation(len(X_train))",
        "    X_epoch, T_epoch = X_train[order], T_train[order]",
        "    for first in range(0, len(order), batch):",
        "        x, t = X_epoch[first:first + batch], T_epoch[first:first + batch]",
        "        dE_dout = loss_grad(forward(x), t)",
        "        for layer in reversed(layers):  # from the output back",
        "            dE_dout = layer.backward(dE_dout, eta)",
        "    if epoch in report:",
        "        measure(epoch)",
    ])
    prints = tuple(f"{part}_{what}_{e}" for e in reported_epochs(recipe.epochs)
                   for part in ("train", "test") for what in ("loss", "accuracy"))
    return (
        text("program.batch.intro"),
        code(setup),
        text("program.batch.data"),
        code(data_cell),
        text("program.batch.layer"),
        code(LAYER, step="layer"),
        code(start, step="start"),
        text("program.batch.train"),
        code(train, step="train", prints=prints),
    )


def curve_values(curves: object, epochs: int) -> dict[str, float]:
    """The builder's Curves under the program's printed names (the tests compare them)."""
    values: dict[str, float] = {}
    for e in reported_epochs(epochs):
        for part in ("train", "test"):
            values[f"{part}_loss_{e}"] = float(getattr(curves, f"{part}_loss")[e])
            values[f"{part}_accuracy_{e}"] = float(getattr(curves, f"{part}_accuracy")[e])
    return values
