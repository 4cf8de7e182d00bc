"""A server warmed before its first learner: the app's modules imported, the pool's workers started.

Why: a fresh server's first session paid for every import the app and its pages make (bpcore,
NumPy, Plotly, the pages' helpers) and for starting the worker pool: 4.7 s of server CPU and
9.7 s of waiting on the 2-core machine, against 0.1 s for the session after it, and every
learner who arrived meanwhile waited behind it (a lecture hall's first view p95 13.9 s).
``serve.py`` calls ``warm`` before the server answers its health check, so that cost is paid
before anyone is let in (deploy/local.sh waits for every replica's health).
"""

from __future__ import annotations

import ast
import importlib
import logging
from collections.abc import Iterable
from pathlib import Path

from tutor.serving.pool import POOL

LOG = logging.getLogger(__name__)
# Imported by a library at its first use rather than by any script: pyarrow imports pandas the
# first time a table is built (tutor.ui.table), 0.7 s of the first run's 2.2 s once the
# scripts' own imports were warm.
LAZY = ("pandas",)


def imported_modules(source: str) -> list[str]:
    """Every module a script imports, in order, once each: ``import a.b`` gives ``a.b``;
    ``from a import b`` gives ``a`` and ``a.b`` (``b`` may be a submodule or a name in ``a``).
    Relative imports are skipped (the app's scripts have none)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*"]
    return list(dict.fromkeys(names))


def import_all(names: Iterable[str]) -> int:
    """Import each module that exists; a name that is not a module (``from a import f``'s
    ``a.f``) is skipped. Returns how many were imported. An import that fails is logged, not
    raised: the page that needs it shows its own error, and the server still starts."""
    count = 0
    for name in names:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:  # the module exists but imports something missing
                LOG.warning("warm-up: importing %s failed: %s", name, error)
            continue
        except Exception as error:  # noqa: BLE001 - a broken page must not stop the server
            LOG.warning("warm-up: importing %s failed: %s", name, error)
            continue
        count += 1
    return count


def warm(scripts: Iterable[Path]) -> int:
    """Import what ``scripts`` (the entry point and its page scripts) import and start the
    worker pool; returns the number of modules imported."""
    names: list[str] = []
    for script in scripts:
        names += imported_modules(script.read_text(encoding="utf-8"))
    count = import_all(dict.fromkeys([*names, *LAZY]))
    POOL.warm()
    return count
