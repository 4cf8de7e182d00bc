"""Streamlit-side helpers of Backprop Tutor, one package per feature (README: "How the code is
laid out"): stepping, modes, lesson, builder, digits, pages, serving, live, ui, figures; the
app-wide session values in session.py and every visible string in i18n.py.

Importing the package caps NumPy's BLAS at one thread per process (unless the environment
already says otherwise), before NumPy is first imported: the server, its pool's workers (they
inherit the environment) and the tests. A 2-core server runs many sessions and workers at once;
OpenBLAS's own threads on top of them spin for the same cores. Measured on the 2-core machine
under load: the MNIST subset's 20 epochs 6–17 s of CPU with the default 2 threads, 0.8 s with 1.
"""

import os

BLAS_THREADS_ENV = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
for _name in BLAS_THREADS_ENV:
    os.environ.setdefault(_name, "1")
