"""NumPy's BLAS runs one thread per process: in the tests, and in the pool's workers."""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

import pytest

from tutor import BLAS_THREADS_ENV
from tutor.serving.pool import Pool


def blas_threads(_: object = None, progress: object = None) -> int:
    """OpenBLAS's thread count in this process (NumPy's wheel bundles scipy-openblas)."""
    import numpy  # noqa: F401  (loads the library)

    maps = Path("/proc/self/maps").read_text(encoding="utf-8").splitlines()
    libs = sorted({line.split()[-1] for line in maps if "openblas" in line.lower()})
    if not libs:
        raise LookupError("no OpenBLAS loaded")
    lib = ctypes.CDLL(libs[0])
    for name in ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_",
                 "openblas_get_num_threads"):
        if hasattr(lib, name):
            return int(getattr(lib, name)())
    raise LookupError("OpenBLAS has no get_num_threads")


def test_the_environment_asks_for_one_blas_thread() -> None:
    assert all(os.environ[name] == "1" for name in BLAS_THREADS_ENV)


def test_numpy_in_the_tests_runs_one_blas_thread() -> None:
    try:
        assert blas_threads() == 1
    except LookupError as err:  # another BLAS (a NumPy built otherwise): nothing to read
        pytest.skip(str(err))


def test_a_pool_worker_runs_one_blas_thread() -> None:
    pool = Pool(workers=1, queue_bound=1)
    try:
        assert pool.run(blas_threads, None, lambda _: None, key="blas") == 1
    except LookupError as err:
        pytest.skip(str(err))
    finally:
        pool.shutdown()
