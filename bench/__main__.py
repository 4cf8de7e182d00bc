"""Benchmarks, printed side by side: `.venv/bin/python -m bench` (add --quick for a smoke run).

Each figure is the best of several repeats (the minimum is the least disturbed by other load).
"""

from __future__ import annotations

import argparse
import gzip
import json
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import torch_ref  # noqa: E402
from bench.scalar import scalar_train  # noqa: E402
from bpcore import Network, Scenario, trace_step, train, train_rates  # noqa: E402
from bpcore.builder import Architecture, DataSpec  # noqa: E402
from bpcore.cost import estimated_seconds  # noqa: E402
from bpcore.data import load_digits, one_hot, split  # noqa: E402
from bpcore.mnist import MNIST_FILES, load_mnist_folder  # noqa: E402
from bpcore.recipe import Recipe  # noqa: E402
from bpcore.sgd import sgd, train_epoch  # noqa: E402

PAGES = ("overview", "forward", "backward", "update", "graph", "training", "learning_rate",
         "activations", "builder", "digits")


def best(fn: Callable[[], object], repeats: int) -> float:
    """The fastest of ``repeats`` runs of fn, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def mnist_data(samples: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, Network]:
    """MNIST-shaped float32 data X (n, 784), one-hot T (n, 10), one epoch's order (n,), and the
    seed's starting network: 784-128-10 relu/softmax, weights N(0, 1)·0.01, zero biases."""
    rng = np.random.default_rng(0)
    X = rng.random((samples, 784), dtype=np.float32)
    T = np.eye(10, dtype=np.float32)[rng.integers(0, 10, samples)]
    net = Network.random((784, 128, 10), ("relu", "softmax"), "cross_entropy", seed=0,
                         scale=0.01, dtype=np.float32)
    return X, T, rng.permutation(samples), net


def epoch_buffers(X: np.ndarray, T: np.ndarray, order: np.ndarray, batch: int = 64
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Buffers for one batch's gathered rows of X and T, allocated once (as bpcore.sgd
    allocates them once per run, not once per batch or epoch)."""
    rows = min(batch, len(order))
    return (np.empty((rows, X.shape[1]), X.dtype), np.empty((rows, T.shape[1]), T.dtype))


def mnist_epoch(X: np.ndarray, T: np.ndarray, order: np.ndarray, start: Network,
                buffers: tuple[np.ndarray, np.ndarray] | None = None,
                batch: int = 64) -> Network:
    """One epoch of the seed's recipe (batch 64, η 0.1) as bpcore.sgd runs it; the network
    after it. Copying the start network (0.4 MB) is the only work besides the epoch."""
    net = start.copy()
    train_epoch(net, X, T, 0.1, batch, order, buffers or epoch_buffers(X, T, order))
    return net


SHORT = 1024  # samples of the short epochs whose fastest run estimates an undisturbed update


def per_update(epoch: Callable[[np.ndarray], object], order: np.ndarray, repeats: int) -> float:
    """Seconds per update when nothing else runs: the fastest of ``repeats`` epochs of the
    first SHORT samples of ``order`` (16 updates each), divided by their updates. On a shared
    machine a short run is often undisturbed while a whole epoch rarely is."""
    short = order[order < SHORT]
    return best(lambda: epoch(short), repeats) / -(-len(short) // 64)


def mnist_versus_torch(samples: int, repeats: int) -> None:
    """bpcore's epoch beside the same recipe hand-written in PyTorch (when torch imports).

    PyTorch runs in a process of its own (see bench/torch_ref.py), on the same data, starting
    weights and batch order.
    """
    X, T, order, start = mnist_data(samples)
    mnist_epoch(X, T, order[order < min(samples, 640)], start)  # warm up, as for PyTorch
    buffers = epoch_buffers(X, T, order)
    t_bp = best(lambda: mnist_epoch(X, T, order, start, buffers), repeats)
    short_buffers = epoch_buffers(X, T, order[order < SHORT])
    u_bp = per_update(lambda o: mnist_epoch(X, T, o, start, short_buffers), order,
                      10 * repeats)
    updates = -(-samples // 64)
    row(f"one epoch 784-128-10 relu/softmax, {samples:,} float32, batch 64", t_bp,
        "bpcore, float32 end to end")
    row(f"  undisturbed: {updates:,} × the fastest update", u_bp * updates)
    if not torch_ref.available():
        row("  the same in PyTorch", None, "torch not installed")
        return
    child = subprocess.run([sys.executable, "-m", "bench.torch_ref", str(samples),
                            str(repeats)], capture_output=True, text=True, cwd=ROOT)
    if child.returncode != 0 or not child.stdout.strip():
        last = (child.stderr.strip().splitlines() or ["no output"])[-1]
        row("  the same in PyTorch", None, f"failed: {last[:60]}")
        return
    torch_times = json.loads(child.stdout.strip().splitlines()[-1])
    t_manual, t_auto = torch_times["manual"], torch_times["autograd"]
    u_manual, u_auto = torch_times["manual_update"], torch_times["autograd_update"]
    row(f"  the same in PyTorch {torch_times['version']}, manual matmuls", t_manual)
    row(f"    undisturbed: {updates:,} × the fastest update", u_manual * updates)
    row("  the same in PyTorch, autograd + optim.SGD", t_auto)
    row(f"    undisturbed: {updates:,} × the fastest update", u_auto * updates)
    row("  ratio bpcore / PyTorch manual (target ≤ 1.0×): epoch, undisturbed", None,
        f"{t_bp / t_manual:.2f}×, {u_bp / u_manual:.2f}×")
    row("  ratio bpcore / PyTorch autograd: epoch, undisturbed", None,
        f"{t_bp / t_auto:.2f}×, {u_bp / u_auto:.2f}×")
    row("  largest |bpcore − PyTorch manual| of a trained parameter", None,
        f"{torch_times['diff']:.1e}")


def mnist_page_epoch(samples: int, repeats: int) -> None:
    """What the digits page pays per MNIST epoch: bpcore.sgd with one epoch, which also
    measures loss and accuracy on the training and test sets before and after it."""
    X, T, _, start = mnist_data(samples)
    X_test, T_test = X[: samples // 6], T[: samples // 6]

    def run() -> None:
        sgd(start.copy(), X, T, X_test, T_test, 0.1, 1, 64, 0)

    row(f"  bpcore.sgd, 1 epoch + loss/accuracy on {samples:,} + {len(X_test):,}, twice",
        best(run, repeats))


def blas_kernel() -> str:
    """The BLAS NumPy runs and its kernel (threadpoolctl's report, when installed)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed"
    blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    return ", ".join(f"{i.get('internal_api')} {i.get('architecture')} "
                     f"{i.get('num_threads')} threads" for i in blas) or "unknown"


def digits_training() -> float:
    """The digits page's default run: 64-32-10 relu/softmax, 20 epochs, batch 32, η 0.1.

    Returns the test accuracy, so the benchmark also shows what the time bought.
    """
    X, y = load_digits()
    X_train, y_train, X_test, y_test = split(X, y, 0.2, seed=0)
    net = Network.random((64, 32, 10), ("relu", "softmax"), "cross_entropy", seed=0)
    curves = sgd(net, X_train, one_hot(y_train, 10), X_test, one_hot(y_test, 10), 0.1, 20, 32, 0)
    return float(curves.test_accuracy[-1])


def mnist_files(folder: Path, train: int, test: int = 10_000) -> None:
    """MNIST-sized random IDX files, gzipped as they are distributed, written to ``folder``."""
    rng = np.random.default_rng(0)
    arrays = {("train", "images"): rng.integers(0, 256, (train, 28, 28)),
              ("train", "labels"): rng.integers(0, 10, train),
              ("test", "images"): rng.integers(0, 256, (test, 28, 28)),
              ("test", "labels"): rng.integers(0, 10, test)}
    for key, name in MNIST_FILES.items():
        a = arrays[key]
        raw = bytes([0, 0, 8, a.ndim]) + struct.pack(f">{a.ndim}i", *a.shape)
        (folder / f"{name}.gz").write_bytes(gzip.compress(raw + a.astype(np.uint8).tobytes(), 1))


def builder_estimate(recipe: Recipe) -> tuple[float, float]:
    """The builder's training-time estimate for ``recipe`` beside the measured time."""
    start = time.perf_counter()
    run = recipe.run()
    took = time.perf_counter() - start
    samples = len(run.X_train) + len(run.X_test)
    return estimated_seconds(run.updates, len(run.network.weights),
                             recipe.epochs * samples * run.parameters), took


def digits_estimate(n_in: int, hidden: int, samples: int, test: int, epochs: int,
                    batch: int, dtype: type) -> tuple[float, float]:
    """The digits page's cost model (bpcore.cost, as tutor.serving.jobs checks every run) beside a
    measured run of bpcore.sgd on random data of that shape and dtype."""
    from bpcore.cost import sgd_cost

    rng = np.random.default_rng(0)
    X = rng.random((samples + test, n_in)).astype(dtype)
    T = np.eye(10, dtype=dtype)[rng.integers(0, 10, samples + test)]
    net = Network.random((n_in, hidden, 10), ("relu", "softmax"), "cross_entropy", seed=0,
                         scale=0.01)
    start = time.perf_counter()
    sgd(net, X[:samples], T[:samples], X[samples:], T[samples:], 0.1, epochs, batch, 0)
    took = time.perf_counter() - start
    cost = sgd_cost((n_in, hidden, 10), samples, test, epochs, batch, np.dtype(dtype).itemsize)
    return cost.seconds, took


def builder_default() -> None:
    """The network builder's default run: 2-8-8-2 tanh/softmax on 150 moons, 400 epochs."""
    Recipe().run()


def page_rerun(page: str, repeats: int) -> float:
    """Server-side time of one rerun of a page, measured with AppTest (after a warm-up run)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    return best(at.run, repeats)


def training_page(repeats: int) -> tuple[float, float]:
    """Training page: a rerun that retrains 10,000 updates, and one that only redraws."""
    from streamlit.testing.v1 import AppTest

    from tutor.pages import training as training_state
    from tutor.serving import shared

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/training.py").run()

    def retrain() -> None:  # neither this session nor the server has the run any more
        at.session_state[training_state.TRAIN_RESULT.key] = None
        shared.TRAINING.clear()
        at.run()

    def redraw() -> None:
        log = at.toggle(key=training_state.TRAIN_LOG)
        log.set_value(not log.value).run()

    return best(retrain, repeats), best(redraw, repeats)


def rates_page(repeats: int) -> float:
    """Learning-rate page rerun that retrains its 4 default rates × 10,000 updates."""
    from streamlit.testing.v1 import AppTest

    from tutor.pages import learning_rate as rates_state
    from tutor.serving import shared

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/learning_rate.py").run()

    def retrain() -> None:  # neither this session nor the server has the runs any more
        at.session_state[rates_state.RATES_RESULT.key] = None
        shared.RATES.clear()
        at.run()

    return best(retrain, repeats)


def small_networks(repeats: int) -> None:
    """The fast path for small networks (bpcore.fast) beside the NumPy engine it replaces and
    the hand-written plain-Python scalar loop: one table, with the ratios."""
    from bpcore.training import _stacked, fit_numpy

    scenario = Scenario.worked_example()
    X, T = scenario.batch()
    rates = [0.05, 0.1, 0.5, 1, 2, 5, 10, 50]
    print(f"  {'small networks (best of ' + str(repeats) + ')':<40}{'bpcore before':>14}"
          f"{'fast path':>12}{'plain Python':>14}{'before/fast':>13}{'fast/Python':>13}")
    for label, etas, n in (("worked example, 10,000 updates", [scenario.eta], 10_000),
                           ("worked example, 100,000 updates", [scenario.eta], 100_000),
                           ("8 rates × 10,000 updates", rates, 10_000)):
        k = len(etas)

        def numpy_run(etas: list[float] = etas, n: int = n, k: int = k) -> None:
            fit_numpy(_stacked(scenario, k), X, T, np.array(etas), n, scenario.train_biases)

        def fast_run(etas: list[float] = etas, n: int = n) -> None:
            train_rates(scenario, etas, n)

        def python_run(k: int = k, n: int = n) -> None:
            for _ in range(k):
                scalar_train(n)

        times = [best(f, 1 if n > 10_000 else repeats) for f in (numpy_run, fast_run,
                                                                  python_run)]
        print(f"  {label:<40}" + "".join(f"{t * 1e3:11.1f} ms" for t in times)
              + f"{times[0] / times[1]:12.1f}×{times[1] / times[2]:12.2f}×")


def row(label: str, seconds: float | None, note: str = "") -> None:
    """One line: the label, then a time (ms below 1 s) or, for a ratio, just the note."""
    if seconds is None:
        figure = f"{note:>13}"
    else:
        figure = f"{seconds * 1e3:10.2f} ms" if seconds < 1 else f"{seconds:10.3f} s "
        figure += f"   {note}" if note else ""
    print(f"  {label:<62}{figure}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, smaller epoch")
    parser.add_argument("--small", action="store_true",
                        help="only the small networks' table (bpcore.fast)")
    args = parser.parse_args()
    r = 2 if args.quick else 5
    scenario = Scenario.worked_example()
    if args.small:
        small_networks(r)
        return

    print("bpcore")
    t_np = best(lambda: train(scenario, 10_000), r)
    t_py = best(lambda: scalar_train(10_000), r)
    row("10,000 updates of the worked example (bpcore.train)", t_np)
    row("the same, plain-Python scalar loop, same history kept", t_py)
    row("  ratio bpcore / plain Python (target ≤ 12×)", None, f"{t_np / t_py:.1f}×")
    t_trace = best(lambda: trace_step(scenario), r * 20)
    row("one traced step (trace_step; target < 1 ms)", t_trace)
    t_8 = best(lambda: train_rates(scenario, [0.05, 0.1, 0.5, 1, 2, 5, 10, 50], 10_000), r)
    row("8 learning rates × 10,000 updates, batched", t_8)
    row("  ratio 8 rates / 1 rate (target ≤ 2.5×)", None, f"{t_8 / t_np:.2f}×")
    small_networks(r)
    samples = 6_400 if args.quick else 60_000
    print(f"  NumPy's BLAS: {blas_kernel()} (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE "
          "change the kernel)")
    mnist_versus_torch(samples, 1 if args.quick else 10)
    mnist_page_epoch(samples, 1 if args.quick else 3)
    accuracy = digits_training()
    row("digits 64-32-10, 20 epochs (target < 5 s)", best(digits_training, r),
        f"test accuracy {100 * accuracy:.1f} %")
    row("network builder default: 2-8-8-2, 400 epochs, batch 32", best(builder_default, r))
    for label, recipe in (
            ("1000 points, batch 1, 10 epochs", Recipe(data=DataSpec(n=1000), epochs=10,
                                                        batch=1)),
            ("6×64 tanh, 1000 points, batch 1000, 200 epochs",
             Recipe(Architecture((64,) * 6, ("tanh",) * 6), DataSpec(n=1000), 0.01, 200,
                    1000))):
        guess, took = builder_estimate(recipe)
        row(f"builder {label}: measured", took, f"estimated {guess:.2f} s")
    for label, shape in (
            ("8×8 digits 64-128-10 float64, 1,438 + 359, 20 epochs, batch 1",
             (64, 128, 1438, 359, 20, 1, np.float64)),
            ("MNIST subset 784-128-10 float32, 4,000 + 1,000, 5 epochs, batch 64",
             (784, 128, 4000, 1000, 5, 64, np.float32)),
            (f"MNIST 784-256-10 float32, {samples:,} + 10,000, 1 epoch, batch 64",
             (784, 256, samples, 10_000, 1, 64, np.float32))):
        guess, took = digits_estimate(*shape)
        row(f"digits {label}: measured", took, f"estimated {guess:.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        mnist_files(Path(folder), samples)
        row(f"load MNIST's 4 .gz IDX files ({samples:,} + 10,000 images), checked",
            best(lambda: load_mnist_folder(folder), 1 if args.quick else 3))

    print("pages (server-side rerun, AppTest; target < 60 ms)")
    for page in PAGES:
        row(f"{page}", page_rerun(page, r * 2))
    print("training page (AppTest; targets: training < 1.5 s, display-only rerun < 150 ms)")
    trained, display = training_page(r)
    row("10,000 updates trained and drawn (scenario changed)", trained)
    row("display-only rerun (log scale toggled; result kept)", display)
    row("learning-rate page: 4 rates × 10,000 updates trained and drawn", rates_page(r))


if __name__ == "__main__":
    main()
