"""Regroup ``tutor/`` by feature (issue 21, item 1) and point every reference at the new homes.

Re-runnable and idempotent: run it on any tree, before or after other branches merged, and it
does only what is left to do.

1. ``git mv`` every module of MOVES (and every test file of TEST_MOVES) not moved yet.
2. (not with ``--moves-only``) Rewrite every reference to a moved module in the *.py files of
   app.py, app_pages/, tutor/, bpcore/, tests/, bench/, scripts/ and in README.md and
   deploy/haproxy.cfg: ``from tutor import x`` (→ ``from tutor.pkg import new as x`` when the
   module was renamed, so the code below the import is unchanged), ``from tutor.x import …``,
   ``import tutor.x``, dotted names anywhere (monkeypatch targets "tutor.pool.X", docstrings),
   and paths ``tutor/x.py`` / ``tests/app/test_x.py``.
3. Once ``tutor/state.py`` is gone (split by feature), rewrite ``state.KEY`` of every file that
   imports ``tutor.state`` to ``<feature alias>.KEY`` by the KEYS table (``from tutor.state import
   KEY`` and "tutor.state.KEY" too), adding the feature modules' imports. A name the table does
   not know is reported and left alone (the import of the missing tutor.state then fails
   loudly: move that key to its feature and add it to KEYS).

Changed Python files get their imports sorted and unused imports dropped by ``ruff --fix``,
and the lines the longer names made too long split inside their brackets; any left are listed.

Usage: ``python scripts/relayout.py [--moves-only] [--dry-run]``
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# --- old module → new module ----------------------------------------------------------------
MOVES: dict[str, str] = {
    # stepping through the worked example: the steppers, the step view, the sidebar editor
    "tutor.stepper": "tutor.stepping.stepper",
    "tutor.stepview": "tutor.stepping.stepview",
    "tutor.editor": "tutor.stepping.editor",
    # learning modes: practice, predict, the faded example, their hints, the bug hunts
    "tutor.practice": "tutor.modes.practice",
    "tutor.predict": "tutor.modes.predict",
    "tutor.fading": "tutor.modes.fading",
    "tutor.hints": "tutor.modes.hints",
    "tutor.bughunt": "tutor.modes.bughunt",
    # a lesson outside the app: its link, the address bar, its files, its code
    "tutor.lesson": "tutor.lesson.codec",
    "tutor.url_state": "tutor.lesson.url_state",
    "tutor.share": "tutor.lesson.share",
    "tutor.export": "tutor.lesson.export",
    "tutor.notebook": "tutor.lesson.notebook",
    "tutor.codeview": "tutor.lesson.codeview",
    # the network builder
    "tutor.builder_state": "tutor.builder.state",
    "tutor.builder_controls": "tutor.builder.controls",
    # the handwritten digits
    "tutor.digits_view": "tutor.digits.view",
    # serving many users: worker pool, jobs, shared caches, kept results, mapped arrays
    "tutor.pool": "tutor.serving.pool",
    "tutor.jobs": "tutor.serving.jobs",
    "tutor.shared": "tutor.serving.shared",
    "tutor.kept": "tutor.serving.kept",
    "tutor.mapped": "tutor.serving.mapped",
    "tutor.busy": "tutor.serving.busy",
    "tutor.uploads": "tutor.serving.uploads",
    # shared widgets and drawing: fields, page frame, plots, refusals, notation, formulas
    "tutor.fields": "tutor.ui.fields",
    "tutor.page": "tutor.ui.page",
    "tutor.plot": "tutor.ui.plot",
    "tutor.reasons": "tutor.ui.reasons",
    "tutor.notation": "tutor.ui.notation",
    "tutor.formula": "tutor.ui.formula",
    "tutor.formula_width": "tutor.ui.formula_width",
    "tutor.guard": "tutor.ui.guard",
    # the pages that are no feature package of their own: their keys and helpers
    "tutor.rates": "tutor.pages.learning_rate",
}

# --- names that left their module (after the module moves above) → their new module --------
NAME_MOVES: dict[str, dict[str, str]] = {
    "tutor.serving.kept": {  # the Streamlit progress displays, and the protocol every state uses
        **dict.fromkeys(("BarProgress", "queued_text", "ProgressBar", "SpinnerProgress",
                         "Spinner", "bar", "spinner"), "tutor.ui.progress"),
        "SessionState": "tutor.session",
    },
}

# --- old test file → new test file (unit tests mirror tutor/; page tests stay in tests/app;
# every live-classroom test in tests/live) ----------------------------------------------------
TEST_MOVES: dict[str, str] = {
    "tests/app/test_diagram.py": "tests/tutor/figures/test_diagram.py",
    "tests/app/test_digits_notebook.py": "tests/tutor/lesson/test_digits_notebook.py",
    "tests/app/test_export.py": "tests/tutor/lesson/test_export.py",
    "tests/app/test_lesson_modes.py": "tests/tutor/lesson/test_lesson_modes.py",
    "tests/app/test_notebook.py": "tests/tutor/lesson/test_notebook.py",
    "tests/app/test_formula.py": "tests/tutor/ui/test_formula.py",
    "tests/app/test_formula_width.py": "tests/tutor/ui/test_formula_width.py",
    "tests/app/test_notation.py": "tests/tutor/ui/test_notation.py",
    "tests/app/test_kept.py": "tests/tutor/serving/test_kept.py",
    "tests/app/test_mapped.py": "tests/tutor/serving/test_mapped.py",
    "tests/app/test_state.py": "tests/tutor/test_session_keys.py",
    "tests/app/test_i18n.py": "tests/tutor/test_i18n.py",
    "tests/app/test_live_takeover.py": "tests/live/test_takeover.py",
    "tests/app/test_live_answers.py": "tests/live/test_answers.py",
    "tests/app/test_live_classroom.py": "tests/live/test_classroom.py",
}

# --- tutor.state's names → the feature module that owns them now (step 3) ------------------
_OWNERS: dict[str, str] = {
    "tutor.session": """LANG LANG_WIDGET PRECISION PRECISION_WIDGET DEFAULT_LANG
        DEFAULT_PRECISION lang_from_query init_state copy_widget PAGE_NOW SessionState""",
    "tutor.ui.state": "FIELD_ERRORS FIELD_TYPED field_text_key field_default_key",
    "tutor.modes.state": """PRACTICE PRACTICE_FEEDBACK PRACTICE_SCORE EXERCISE_SEED
        EXERCISE_SEED_WIDGET practice_answer_key PREDICT FADE MODE_KEYS PRACTICE_SHOWN
        PRACTICE_ANSWERS PREDICTIONS FADE_STAGE FADE_DONE FADE_SEED FADE_ANSWERS MODE_PENDING
        mode set_mode hides_answers fade_key fresh_fade
        BUGHUNT_TRIED BUGHUNT_SHOWN bughunt_line_key bughunt_show_key""",
    "tutor.stepping.state": """SCENARIO START_SCENARIO ITERATION ERROR_HISTORY EDIT_PREFIX
        TRAIN_BIASES_WIDGET STEP_FORWARD STEP_BACKWARD STEP_UPDATE STEP_KEYS SHOW_FD SHOW_CODE
        PLAYING PLAY_SPEED PLAY_SPEED_WIDGET PLAY_DRAWN PLAY_LAST UPDATE_APPLIED slider_key
        set_scenario init_scenario apply_update back_to_start UPLOAD_WIDGET UPLOAD_OUTCOME""",
    "tutor.pages.graph": """GRAPH_EXAMPLE GRAPH_CHAIN_NAME GRAPH_REVERSE_STEP graph_step_key
        graph_leaf_key""",
    "tutor.pages.activations": "VANISHING_DEPTH VANISHING_ACTIVATIONS",
    "tutor.pages.chain_rule": "CHAIN_PREFIX CHAIN_LOSS",
    "tutor.pages.training": "TRAIN_ITERATIONS TRAIN_LOG TRAIN_REPLAY TRAIN_RESULT",
    "tutor.pages.learning_rate": """RATES_TEXT RATES_VALID RATES_ITERATIONS RATES_RESULT
        RATES_PROBLEM BOWL_A BOWL_TEXT BOWL_VALID BOWL_ITERATIONS BOWL_RESULT""",
    "tutor.pages.landscape": """LAND_P LAND_Q LAND_SPAN LAND_STEP LAND_ONE LAND_FIT LAND_RESULT
        LAND_SLICE""",
    "tutor.serving.busy": "POOL_RETRY",
    "tutor.digits.state": """DIGITS_SOURCE DIGITS_HIDDEN DIGITS_ETA DIGITS_EPOCHS DIGITS_BATCH
        DIGITS_SEED DIGITS_PICK UCI_KEYS DIGITS_RESULT MNIST_FOLDER MNIST_UPLOAD
        MNIST_UPLOAD_IDS MNIST_ATTEMPTS
        MNIST_DATA MNIST_HIDDEN MNIST_ETA MNIST_EPOCHS MNIST_BATCH MNIST_SEED MNIST_PICK
        MNIST_TRAIN MNIST_KEYS MNIST_RESULT SUBSET_HIDDEN SUBSET_ETA SUBSET_EPOCHS SUBSET_BATCH
        SUBSET_SEED SUBSET_PICK SUBSET_KEYS SUBSET_RESULT DRAW_CANVAS DRAW_LABEL""",
    "tutor.pages.defaults": "PAGE_DEFAULTS keep_widgets",
    "tutor.lesson.state": """LESSON_PARAM LESSON_APPLIED LESSON_ERROR LESSON_WRITTEN HIDDEN
        PRESENTATION HIDDEN_WIDGET PRESENTATION_WIDGET PAGE_STEP_KEYS apply_lesson is_hidden
        current_lesson""",
    "tutor.live.state": """JOIN_PARAM LIVE_TEACHER LIVE_ROOMS_MADE LIVE_SHOWN LIVE_ASK_KIND
        LIVE_JOIN_SCREEN LIVE_DISMISSED LIVE_REFUSAL LIVE_STUDENT LIVE_CODE LIVE_FOLLOWING
        LIVE_SEEN LIVE_VIEW LIVE_ENDED LIVE_JOIN_TRIED LIVE_JOIN_WIDGET LIVE_NICKNAME LIVE_SENT
        LIVE_QUESTION live_answer_key ME_PARAM LIVE_CALLER LIVE_BEAT LIVE_MOVED LIVE_KEY_HIDDEN
        LIVE_RESUME_CODE LIVE_RESUME_KEY LIVE_RESUMED_PAGE LIVE_GRADES""",
}
KEYS: dict[str, str] = {name: module for module, names in _OWNERS.items()
                        for name in names.split()}

# The name each feature's state module is imported under (``alias.KEY``).
ALIASES: dict[str, str] = {
    "tutor.session": "session",
    "tutor.ui.state": "field_state",
    "tutor.modes.state": "modes_state",
    "tutor.stepping.state": "stepping_state",
    "tutor.pages.graph": "graph_state",
    "tutor.pages.activations": "activations_state",
    "tutor.pages.chain_rule": "chain_state",
    "tutor.pages.training": "training_state",
    "tutor.pages.learning_rate": "rates_state",
    "tutor.pages.landscape": "landscape_state",
    "tutor.serving.busy": "busy",
    "tutor.digits.state": "digits_state",
    "tutor.pages.defaults": "page_defaults",
    "tutor.lesson.state": "lesson_state",
    "tutor.live.state": "live_state",
}

# What each new package is, for its __init__.py (written only when missing).
PACKAGES: dict[str, str] = {
    "tutor/stepping": "Stepping through the worked 2-2-2 example: the scenario in use and where "
                      "the learner is,\nthe steppers and Play, the step view and the sidebar's "
                      "scenario editor.",
    "tutor/modes": "Learning by doing: practice, predict-then-see, the faded worked example, "
                   "their hints,\nand the bug hunts; the one learning mode on at a time.",
    "tutor/lesson": "A lesson outside the app: the ?lesson= link (codec, address bar, sharing, "
                    "applying a link),\nits files (scenario JSON, CSV, solution, notebook, "
                    "script) and the code beside a step.",
    "tutor/builder": "The network builder page: its kept widgets and recipe, its controls.",
    "tutor/digits": "The handwritten-digits page: its settings, data sources (8×8 UCI, the "
                    "bundled MNIST subset,\nfull MNIST) and what it draws.",
    "tutor/serving": "Serving many users at once: the worker pool and its jobs, results "
                     "computed once per server\n(SharedCache) and kept per session "
                     "(KeptResult), MNIST arrays shared on disk, a refused run.",
    "tutor/ui": "Streamlit pieces every feature draws with: typed number fields, the page "
                "frame, figures,\nformulas, progress displays, refusals said in the learner's "
                "language, the notation.",
    "tutor/pages": "The session keys, defaults and helpers of the pages that are no feature "
                   "package of their own\n(app_pages/<same name>.py), and PAGE_DEFAULTS, every "
                   "page's kept widgets.",
}

TEST_PACKAGES = ("tests/tutor", "tests/tutor/figures", "tests/tutor/lesson", "tests/tutor/ui",
                 "tests/tutor/serving")

PY_ROOTS = ("app.py", "app_pages", "tutor", "bpcore", "tests", "bench", "scripts")
TEXT_FILES = ("README.md", "deploy/haproxy.cfg")
SELF = Path(__file__).resolve()
# Left alone: tutor/i18n.py is being turned into data files on another branch (its comments
# name modules only for the reader).
EXCLUDE = {ROOT / "tutor/i18n.py"}


def module_path(module: str) -> Path:
    """tutor.serving.pool → <root>/tutor/serving/pool.py."""
    return ROOT / (module.replace(".", "/") + ".py")


def git(*args: str) -> None:
    subprocess.run(["git", *args], cwd=ROOT, check=True)


def do_moves(dry: bool) -> int:
    """git mv every module and test file not moved yet; the count moved."""
    pairs = [(module_path(old), module_path(new)) for old, new in MOVES.items()]
    pairs += [(ROOT / old, ROOT / new) for old, new in TEST_MOVES.items()]
    moved = 0
    for src, dst in pairs:
        if dst.exists() or not src.exists():
            if src.exists() and dst.exists():
                print(f"warning: both {src.relative_to(ROOT)} and {dst.relative_to(ROOT)} exist")
            continue
        print(f"git mv {src.relative_to(ROOT)} {dst.relative_to(ROOT)}")
        if not dry:
            dst.parent.mkdir(parents=True, exist_ok=True)
            git("mv", str(src.relative_to(ROOT)), str(dst.relative_to(ROOT)))
        moved += 1
    return moved


def write_inits(dry: bool) -> None:
    """Each new package's __init__.py, saying what feature it is (left alone if present)."""
    for folder, what in PACKAGES.items():
        init = ROOT / folder / "__init__.py"
        if (ROOT / folder).is_dir() and not init.exists():
            print(f"write {init.relative_to(ROOT)}")
            if not dry:
                init.write_text(f'"""{what}"""\n', encoding="utf-8")
                git("add", str(init.relative_to(ROOT)))
    for folder in TEST_PACKAGES:
        init = ROOT / folder / "__init__.py"
        if (ROOT / folder).is_dir() and not init.exists():
            print(f"write {init.relative_to(ROOT)}")
            if not dry:
                init.write_text("", encoding="utf-8")
                git("add", str(init.relative_to(ROOT)))


def python_files() -> list[Path]:
    files: list[Path] = []
    for name in PY_ROOTS:
        p = ROOT / name
        if p.is_file():
            files.append(p)
        elif p.is_dir():
            files += [f for f in sorted(p.rglob("*.py"))
                      if "artifacts" not in f.parts and f.resolve() != SELF
                      and f not in EXCLUDE]
    return files


def submodules(package: str) -> set[str]:
    """The modules of a new package: on disk, and those MOVES puts there."""
    names = {new.rsplit(".", 1)[1] for new in MOVES.values() if new.rsplit(".", 1)[0] == package}
    names |= {new.rsplit(".", 1)[1] for new in KEYS.values() if new.rsplit(".", 1)[0] == package}
    folder = ROOT / package.replace(".", "/")
    if folder.is_dir():
        names |= {f.stem for f in folder.glob("*.py")} | {d.name for d in folder.iterdir()
                                                           if (d / "__init__.py").exists()}
    return names


# `from tutor import a, b as c` on one line, or parenthesised over several
_FROM_TUTOR = re.compile(r"^(?P<indent>[ \t]*)from tutor import (?P<names>\([^)]*\)|[^\n#]+?)"
                         r"(?P<comment>[ \t]*#[^\n]*)?$", re.M)
_FROM_MODULE = re.compile(r"^(?P<indent>[ \t]*)from (?P<module>tutor\.[\w.]+) import "
                          r"(?P<names>\([^)]*\)|[^\n#]+?)(?P<comment>[ \t]*#[^\n]*)?$", re.M)


def _names(text: str) -> list[tuple[str, str | None]]:
    """[(name, alias or None)] of an import's name list."""
    text = text.strip().strip("()")
    out: list[tuple[str, str | None]] = []
    for part in re.sub(r"#[^\n]*", "", text).replace("\n", " ").split(","):
        part = part.strip()
        if not part:
            continue
        bits = part.split()
        out.append((bits[0], bits[2] if len(bits) == 3 and bits[1] == "as" else None))
    return out


def _spell(name: str, alias: str | None) -> str:
    return name if alias is None or alias == name else f"{name} as {alias}"


def _import_lines(indent: str, groups: dict[str, list[str]], comment: str) -> str:
    lines = [f"{indent}from {pkg} import {', '.join(names)}" for pkg, names in groups.items()]
    if comment and lines:
        lines[0] += comment
    return "\n".join(lines)


def rewrite_from_tutor(src: str) -> str:
    """``from tutor import x`` of a moved module → ``from tutor.pkg import new [as x]``."""
    def repl(m: re.Match[str]) -> str:
        names = _names(m["names"])
        if not any(f"tutor.{n}" in MOVES for n, _ in names):
            return m[0]
        groups: dict[str, list[str]] = {}
        for name, alias in names:
            new = MOVES.get(f"tutor.{name}")
            if new is None:
                groups.setdefault("tutor", []).append(_spell(name, alias))
            else:
                pkg, mod = new.rsplit(".", 1)
                groups.setdefault(pkg, []).append(_spell(mod, alias or name))
        return _import_lines(m["indent"], groups, m["comment"] or "")
    return _FROM_TUTOR.sub(repl, src)


def rewrite_from_module(src: str) -> str:
    """``from tutor.x import a`` of a moved module x → ``from tutor.pkg.new import a``; where a
    new package has the old module's name (tutor.lesson), its submodules stay as they are."""
    def repl(m: re.Match[str]) -> str:
        new = MOVES.get(m["module"])
        if new is None:
            return m[0]
        subs = submodules(m["module"]) if (ROOT / m["module"].replace(".", "/")).is_dir() or any(
            v.startswith(m["module"] + ".") for v in MOVES.values()) else set()
        groups: dict[str, list[str]] = {}
        for name, alias in _names(m["names"]):
            target = m["module"] if name in subs else new
            groups.setdefault(target, []).append(_spell(name, alias))
        if list(groups) == [m["module"]]:
            return m[0]
        return _import_lines(m["indent"], groups, m["comment"] or "")
    return _FROM_MODULE.sub(repl, src)


def rewrite_moved_names(src: str) -> str:
    """``from tutor.serving.kept import bar`` → ``from tutor.ui.progress import bar`` (NAME_MOVES),
    and dotted "tutor.serving.kept.SessionState" the same way."""
    def repl(m: re.Match[str]) -> str:
        moved = NAME_MOVES.get(m["module"])
        if moved is None or not any(n in moved for n, _ in _names(m["names"])):
            return m[0]
        groups: dict[str, list[str]] = {}
        for name, alias in _names(m["names"]):
            groups.setdefault(moved.get(name, m["module"]), []).append(_spell(name, alias))
        return _import_lines(m["indent"], groups, m["comment"] or "")
    src = _FROM_MODULE.sub(repl, src)
    for module, names in NAME_MOVES.items():
        for name, new in names.items():
            src = re.sub(rf"(?<![\w.]){re.escape(module)}\.{name}\b", f"{new}.{name}", src)
    return src


def rewrite_dotted(src: str) -> str:
    """Dotted references (``import tutor.x``, "tutor.pool.POOL", docstrings) to moved modules;
    ``tutor.lesson.<its submodule>`` is already the new layout and stays."""
    def repl(m: re.Match[str]) -> str:
        old = m["module"]
        new = MOVES.get(old)
        if new is None:
            return m[0]
        rest = m["rest"] or ""
        if rest and rest[1:] in submodules(old):
            return m[0]
        return new + rest
    return re.sub(r"(?<!from )(?<![\w.])(?P<module>tutor\.\w+)(?P<rest>\.\w+)?", repl, src)


def rewrite_paths(src: str) -> str:
    """``tutor/x.py`` and ``tests/app/test_x.py`` paths of moved files."""
    def repl(m: re.Match[str]) -> str:
        new = MOVES.get(f"tutor.{m[1]}")
        return m[0] if new is None else new.replace(".", "/") + ".py"
    src = re.sub(r"(?<![\w/])tutor/(\w+)\.py\b", repl, src)
    for old, new in TEST_MOVES.items():
        src = re.sub(rf"(?<![\w/]){re.escape(old)}\b", new, src)
        old_dotted, new_dotted = old[:-3].replace("/", "."), new[:-3].replace("/", ".")
        src = re.sub(rf"(?<![\w.]){re.escape(old_dotted)}\b", new_dotted, src)
    return src


# --- step 3: tutor.state's keys ---------------------------------------------------------------
_IMPORTS_STATE = re.compile(r"^[ \t]*(?:from tutor import \([^)]*\bstate\b(?! as)[^)]*\)[^\n]*"
                            r"|from tutor import [^\n(]*\bstate\b(?! as)[^\n]*"
                            r"|import tutor\.state as state\b[^\n]*)$", re.M)


# Where a file already uses an alias as a name of its own (a local ``session`` dict), this one.
SECOND_ALIASES: dict[str, str] = {"tutor.session": "app_session"}


def _taken(src: str, name: str) -> bool:
    """True when ``src`` binds ``name`` itself: assigned, a parameter, a loop variable."""
    return re.search(rf"(^[ \t]*{name}\s*(:[^=\n]+)?=[^=]|\bdef \w+\([^)]*\b{name}\b[:,)=]"
                     rf"|\bfor {name}\b|\bas {name}\b(?!.*import))", src, re.M) is not None


def _alias(src: str, module: str) -> str:
    alias = ALIASES[module]
    return SECOND_ALIASES.get(module, alias) if _taken(src, alias) else alias


def _owner_line(indent: str, module: str, alias: str) -> str:
    pkg, mod = module.rsplit(".", 1)
    return f"{indent}from {pkg} import {_spell(mod, alias)}"


def rewrite_keys(path: Path, src: str) -> str:
    """``state.KEY`` → ``<alias>.KEY``, ``from tutor.state import KEY`` → its owner's module,
    "tutor.state.KEY" → "<owner>.KEY"; the file's own keys by their bare name."""
    here = ".".join(path.relative_to(ROOT).with_suffix("").parts)

    # from tutor.state import A, B
    def repl_from(m: re.Match[str]) -> str:
        groups: dict[str, list[str]] = {}
        for name, alias in _names(m["names"]):
            groups.setdefault(KEYS.get(name, "tutor.state"), []).append(_spell(name, alias))
        return _import_lines(m["indent"], groups, m["comment"] or "")
    src = re.sub(r"^(?P<indent>[ \t]*)from tutor\.state import (?P<names>\([^)]*\)|[^\n#]+?)"
                 r"(?P<comment>[ \t]*#[^\n]*)?$", repl_from, src, flags=re.M)

    # "tutor.state.KEY" in strings and docstrings
    def repl_dotted(m: re.Match[str]) -> str:
        owner = KEYS.get(m[1])
        return m[0] if owner is None else f"{owner}.{m[1]}"
    src = re.sub(r"(?<![\w.])tutor\.state\.(\w+)", repl_dotted, src)

    imports = list(_IMPORTS_STATE.finditer(src))
    if not imports:
        return src
    needed: list[str] = []
    unknown: set[str] = set()
    aliases = {module: _alias(src, module) for module in ALIASES}

    def repl_ref(m: re.Match[str]) -> str:
        owner = KEYS.get(m[1])
        if owner is None:
            unknown.add(m[1])
            return m[0]
        if owner == here:
            return m[1]
        if owner not in needed:
            needed.append(owner)
        return f"{aliases[owner]}.{m[1]}"
    first = imports[0].end()
    src = src[:first] + re.sub(r"(?<![\w.])state\.(\w+)", repl_ref, src[first:])
    if unknown:
        print(f"warning: {path.relative_to(ROOT)}: tutor.state names with no owner in KEYS: "
              f"{', '.join(sorted(unknown))}")
    for found in reversed(list(_IMPORTS_STATE.finditer(src))):
        line = found[0]
        indent = re.match(r"[ \t]*", line)[0]  # type: ignore[index]
        lines: list[str] = []
        if unknown:
            lines.append(line)
        elif not line.lstrip().startswith("import tutor.state"):
            m = _FROM_TUTOR.search(line)
            assert m is not None, line
            kept = [(n, a) for n, a in _names(m["names"]) if not (n == "state" and a is None)]
            if kept:
                lines.append(_import_lines(indent, {"tutor": [_spell(n, a) for n, a in kept]},
                                           m["comment"] or ""))
        lines += [_owner_line(indent, owner, aliases[owner]) for owner in needed
                  if owner != here]
        src = src[:found.start()] + "\n".join(lines) + src[found.end():]
    return src


def rewrite(dry: bool) -> list[Path]:
    """Every reference rewritten; the files changed."""
    split_done = not (ROOT / "tutor/state.py").exists()
    changed: list[Path] = []
    for path in python_files() + [ROOT / f for f in TEXT_FILES if (ROOT / f).exists()]:
        src = path.read_text(encoding="utf-8")
        new = src
        if path.suffix == ".py":
            new = rewrite_from_tutor(new)
            new = rewrite_from_module(new)
        new = rewrite_dotted(new)
        if path.suffix == ".py" or path.suffix == ".md":
            new = rewrite_moved_names(new)
        new = rewrite_paths(new)
        if path.suffix == ".py" and split_done:
            new = rewrite_keys(path, new)
        if new != src:
            changed.append(path)
            print(f"rewrite {path.relative_to(ROOT)}")
            if not dry:
                path.write_text(new, encoding="utf-8")
    if not split_done:
        src = (ROOT / "tutor/state.py").read_text(encoding="utf-8")
        names = re.findall(r"^(?:def |class )?([A-Za-z]\w*)\b(?=\s*[:=(])", src, re.M)
        new_names = sorted(set(names) - set(KEYS) - {"LANGUAGES"})
        print("note: tutor/state.py still exists (a merge brought it back), so its keys were not "
              "rewritten (step 3).\n  Names there that KEYS does not know (move each to its "
              "feature's module and add it to KEYS, then `git rm tutor/state.py` and run this "
              f"again): {', '.join(new_names) or 'none'}")
    return changed


# --- lines the longer names made too long --------------------------------------------------
MAX = 100


def _string_lines(src: str) -> set[int]:
    """Line numbers (1-based) inside a multi-line string, after its first line."""
    import io
    import tokenize
    inside: set[int] = set()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(src).readline):
            if tok.type == tokenize.STRING and tok.end[0] > tok.start[0]:
                inside.update(range(tok.start[0] + 1, tok.end[0] + 1))
    except (tokenize.TokenError, SyntaxError):
        pass
    return inside


def _code_break(line: str) -> tuple[str, str] | None:
    """Split a code line inside its brackets: at the last ", " (or after an opening bracket)
    before column MAX, the rest aligned after the innermost open bracket."""
    stack: list[int] = []
    quote = ""
    best: tuple[int, int] | None = None  # (cut at, continuation column)
    i = 0
    while i < min(len(line), MAX):
        c = line[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if line.startswith(quote, i):
                i += len(quote) - 1
                quote = ""
        elif c == "#":
            break
        elif c in "'\"":
            quote = c * 3 if line.startswith(c * 3, i) else c
            i += len(quote) - 1
        elif c in "([{":
            stack.append(i)
            if i + 1 < MAX and i + 1 < len(line) and line[i + 1] not in ")]}":
                best = (i + 1, len(line) - len(line.lstrip()) + 4) if best is None else best
        elif c in ")]}":
            if stack:
                stack.pop()
        elif c == "," and stack and line[i + 1:i + 2] == " " and i + 1 < MAX:
            best = (i + 2, stack[-1] + 1)
        i += 1
    if best is None:
        return None
    cut, col = best
    head, rest = line[:cut].rstrip(), line[cut:].lstrip()
    if not rest or not head.strip():
        return None
    return head, " " * col + rest


def _prose_break(line: str, prefix: str) -> tuple[str, str] | None:
    cut = line.rfind(" ", len(prefix) + 1, MAX)
    if cut <= len(prefix):
        return None
    return line[:cut].rstrip(), prefix + line[cut + 1:]


def wrap_long_lines(src: str) -> str:
    """Every line over MAX characters split where Python allows: code inside its brackets
    (a trailing comment moves above), comments and docstrings at a space."""
    for _ in range(5):
        lines = src.split("\n")
        strings = _string_lines(src)
        out: list[str] = []
        for n, line in enumerate(lines, 1):
            if len(line) <= MAX:
                out.append(line)
                continue
            indent = line[:len(line) - len(line.lstrip())]
            stripped = line.lstrip()
            parts: tuple[str, str] | None
            if n in strings:
                parts = _prose_break(line, indent)
            elif stripped.startswith("#"):
                parts = _prose_break(line, indent + "# ")
            else:
                code, hash_at = line, _comment_at(line)
                if hash_at is not None and len(line[:hash_at].rstrip()) <= MAX:
                    out += [indent + line[hash_at:].strip(), line[:hash_at].rstrip()]
                    continue
                parts = _code_break(code)
            if parts is None:
                out.append(line)
            else:
                out += list(parts)
        new = "\n".join(out)
        if new == src:
            break
        src = new
    return src


def _comment_at(line: str) -> int | None:
    """Where a code line's trailing comment starts, if it has one."""
    quote = ""
    i = 0
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if line.startswith(quote, i):
                i += len(quote) - 1
                quote = ""
        elif c in "'\"":
            quote = c * 3 if line.startswith(c * 3, i) else c
            i += len(quote) - 1
        elif c == "#":
            return i if line[:i].strip() else None
        i += 1
    return None


def tidy(paths: list[Path]) -> None:
    """Sort the imports of the changed files and drop the unused ones (ruff)."""
    py = [str(p.relative_to(ROOT)) for p in paths if p.suffix == ".py" and p.exists()]
    if not py:
        return
    ruff = Path(sys.executable).with_name("ruff")
    cmd = [str(ruff) if ruff.exists() else "ruff", "check", "--fix", "--quiet",
           "--select", "I,F401", *py]
    subprocess.run(cmd, cwd=ROOT, check=False)
    for name in py:
        path = ROOT / name
        src = path.read_text(encoding="utf-8")
        if (new := wrap_long_lines(src)) != src:
            path.write_text(new, encoding="utf-8")
    print("lines still too long (longer module paths), to wrap by hand:")
    subprocess.run([*cmd[:2], "--quiet", "--select", "E501", "--output-format", "concise",
                    *py], cwd=ROOT, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves-only", action="store_true",
                        help="only the git mv's (the pure-move commit)")
    parser.add_argument("--dry-run", action="store_true", help="say what would be done")
    args = parser.parse_args()
    moved = do_moves(args.dry_run)
    print(f"{moved} file(s) moved")
    if args.moves_only:
        return
    write_inits(args.dry_run)
    changed = rewrite(args.dry_run)
    if not args.dry_run:
        tidy(changed)
    print(f"{len(changed)} file(s) rewritten")


if __name__ == "__main__":
    main()
