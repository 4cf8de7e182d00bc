"""One stepping page's rerun, before and after, side by side: `.venv/bin/python -m bench.rerun`.

Measures the server's own time for a Next or Previous click on the forward, backward and update
pages of the worked example at a middle step (AppTest, long jobs in-process as the page tests
run them): the script thread's CPU time and the wall time of the run, median of ``--reruns``
clicks (alternately Next and Previous, so the page moves every time). "Before" is the code of
``--before`` (a git revision, default where this branch left ``main``, exported to a
temporary folder), "after" is
this working tree; each runs in its own worker process (two versions of the app cannot share
one interpreter) and the two take turns, a few clicks each, so the machine's load falls on both
alike. Each worker keeps its script compiled between runs, as a server does (AppTest compiles
it afresh on every run otherwise). "After, nothing shared yet" clears the shared step drawings
(tutor.stepping.drawn) before every click: the first session to show a step pays that.
``follow-PAGE`` times a following student's rerun when the teacher moves (a teacher and a
student session on one SQLite store in a temporary folder: the rerun the student's version
check asks for).

    .venv/bin/python -m bench.rerun                  # 30 clicks a page and side
    .venv/bin/python -m bench.rerun --reruns 60 --before HEAD~3
    .venv/bin/python -m bench.rerun --quick          # a smoke run (6 clicks)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("forward", "backward", "update")
STEP_KEYS = {"forward": "step.forward", "backward": "step.backward", "update": "step.update"}
TURN = 5  # clicks a side measures before the other takes its turn


# --- the worker: one version of the app under AppTest ----------------------------------------
def worker(root: Path) -> None:
    """Serve "page n cold" lines on stdin: n clicks on that page, their times as JSON."""
    sys.path.insert(0, str(root))
    os.chdir(root)
    os.environ["BPTUTOR_POOL_WORKERS"] = "0"
    os.environ.pop("BPTUTOR_REDIS_URL", None)
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import AppTest
    from streamlit.testing.v1 import local_script_runner as lsr

    compiled = ScriptCache()  # one per server, as Streamlit keeps it: compile the script once
    lsr.ScriptCache = lambda: compiled  # type: ignore[attr-defined,assignment]
    cpu: list[float] = []
    run_thread = lsr.LocalScriptRunner._run_script_thread

    def timed(self: Any) -> None:
        start = time.thread_time()
        try:
            run_thread(self)
        finally:
            cpu.append(time.thread_time() - start)

    lsr.LocalScriptRunner._run_script_thread = timed  # type: ignore[method-assign]
    try:
        from tutor.stepping.drawn import DRAWINGS  # the after side's shared drawings
    except ImportError:
        DRAWINGS = None  # noqa: N806 (the before side has none)
    apps: dict[str, Any] = {}
    for line in sys.stdin:
        page, n, cold = line.split()
        if page.startswith("follow-"):
            print(json.dumps(_follow(apps, page.removeprefix("follow-"), int(n), cold == "1",
                                     cpu, DRAWINGS)), flush=True)
            continue
        at = apps.get(page)
        key = STEP_KEYS[page]
        if at is None:
            at = AppTest.from_file(str(root / "app.py"), default_timeout=120)
            at.query_params["lang"] = "en"
            at.switch_page(f"app_pages/{page}.py").run()
            count = int(at.slider(key=f"{key}.slider").max) if _has_slider(at, key) else 12
            at.session_state[key] = count // 2
            at.run()
            apps[page] = at
        results = []
        for _ in range(int(n)):
            if cold == "1" and DRAWINGS is not None:
                DRAWINGS.clear()
            clicks = apps[f"clicks-{page}"] = apps.get(f"clicks-{page}", 0) + 1
            button = at.button(key=f"{key}.next" if clicks % 2 else f"{key}.previous")
            cpu.clear()
            start = time.perf_counter()
            button.click().run()
            results.append((cpu[-1] * 1000, (time.perf_counter() - start) * 1000))
            if at.exception:
                raise SystemExit(f"{page}: {at.exception[0].message}")
        print(json.dumps(results), flush=True)


def _follow(apps: dict[str, Any], page: str, n: int, cold: bool, cpu: list[float],
            drawings: Any) -> list[tuple[float, float]]:
    """n moves of a teacher (Next, Previous, … at a middle step of ``page``), each followed
    by one student's rerun, which is what is timed (the rerun the student's version check
    asks for when the room moved)."""
    from streamlit.testing.v1 import AppTest

    key = STEP_KEYS[page]
    pair = apps.get(f"follow-{page}")
    if pair is None:
        app = str(Path.cwd() / "app.py")
        teacher = AppTest.from_file(app, default_timeout=120)
        teacher.query_params["lang"] = "en"
        teacher.switch_page(f"app_pages/{page}.py").run()
        teacher.sidebar.button(key="live.start").click().run()
        teacher.button(key="live.join_back").click().run()
        count = int(teacher.slider(key=f"{key}.slider").max)
        teacher.session_state[key] = count // 2
        teacher.run()
        student = AppTest.from_file(app, default_timeout=120)
        student.query_params["join"] = teacher.session_state["live.teacher"].code
        student.query_params["lang"] = "en"
        student.run()
        student.run()
        pair = apps[f"follow-{page}"] = (teacher, student)
    teacher, student = pair
    results = []
    for _ in range(n):
        moves = apps[f"moves-{page}"] = apps.get(f"moves-{page}", 0) + 1
        teacher.button(key=f"{key}.next" if moves % 2 else f"{key}.previous").click().run()
        if cold and drawings is not None:
            drawings.clear()
        cpu.clear()
        start = time.perf_counter()
        student.run()
        results.append((cpu[-1] * 1000, (time.perf_counter() - start) * 1000))
        if student.exception:
            raise SystemExit(f"follower on {page}: {student.exception[0].message}")
    return results


def _has_slider(at: Any, key: str) -> bool:
    try:
        at.slider(key=f"{key}.slider")
    except KeyError:
        return False
    return True


# --- the parent: both sides, taking turns ----------------------------------------------------
def export(rev: str, into: Path) -> Path:
    """The tree of git revision ``rev`` written into ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True,
                             capture_output=True).stdout
    tar = into / "tree.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as handle:
        handle.extractall(into / "tree", filter="data")
    return into / "tree"


def start(root: Path, data: Path) -> subprocess.Popen[str]:
    """A worker process for the app in ``root``, its live rooms in a store in ``data``."""
    data.mkdir()
    env = {**os.environ, "BPTUTOR_DATA_DIR": str(data), "BPTUTOR_POOL_WORKERS": "0"}
    env.pop("BPTUTOR_REDIS_URL", None)
    log = data / "worker.log"  # what a worker says when it stops
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--worker",
                                 str(root)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=err, text=True, cwd=root, env=env)
    LOGS[proc.pid] = log
    return proc


LOGS: dict[int, Path] = {}  # each worker's stderr, by process id


def _said(proc: subprocess.Popen[str]) -> str:
    log = LOGS.get(proc.pid)
    return "" if log is None else "\n".join(log.read_text().splitlines()[-15:])


def ask(proc: subprocess.Popen[str], page: str, n: int, cold: bool) -> list[list[float]]:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(f"{page} {n} {int(cold)}\n")
    proc.stdin.flush()
    line = proc.stdout.readline()
    if not line:
        proc.wait(timeout=60)
        raise SystemExit(f"a worker stopped on the {page} page:\n{_said(proc)}")
    return json.loads(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=None,
                        help="git revision to compare with (default: where this branch left "
                             "main, git merge-base main HEAD)")
    parser.add_argument("--reruns", type=int, default=30, help="clicks per page and side")
    parser.add_argument("--pages", default=",".join((*PAGES, *(f"follow-{p}" for p in PAGES))),
                        help="pages; follow-PAGE: a following student's rerun on a move")
    parser.add_argument("--quick", action="store_true", help="6 clicks: a smoke run")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        worker(args.worker)
        return
    reruns = 6 if args.quick else max(args.reruns, 1)
    if args.before is None:  # what this branch changed, not what main has gained since
        args.before = subprocess.run(["git", "-C", str(ROOT), "merge-base", "main", "HEAD"],
                                     check=True, capture_output=True,
                                     text=True).stdout.strip()[:10]
    pages = [p for p in args.pages.split(",") if p]
    with tempfile.TemporaryDirectory(prefix="bench-rerun-") as tmp:
        before_root = export(args.before, Path(tmp))
        sides = {"before": start(before_root, Path(tmp) / "data-before"),
                 "after": start(ROOT, Path(tmp) / "data-after"),
                 "after, nothing shared yet": start(ROOT, Path(tmp) / "data-cold")}
        times: dict[tuple[str, str], list[list[float]]] = {}
        try:
            for page in pages:
                done = 0
                while done < reruns:
                    n = min(TURN, reruns - done)
                    for side, proc in sides.items():
                        times.setdefault((side, page), []).extend(
                            ask(proc, page, n, cold=side.startswith("after,")))
                    done += n
        finally:
            for proc in sides.values():
                if proc.stdin is not None:
                    proc.stdin.close()
                proc.wait(timeout=60)
    load = os.getloadavg()[0]
    print(f"one click's rerun, server side, median of {reruns} (AppTest; before = "
          f"{args.before}; load average {load:.1f} on {os.cpu_count()} cores)")
    print(f"{'page':16s} {'side':28s} {'script CPU ms':>14s} {'wall ms':>9s} {'after/before':>13s}")
    for page in pages:
        base = statistics.median(c for c, _ in times[("before", page)])
        for side in sides:
            rows = times[(side, page)]
            cpu = statistics.median(c for c, _ in rows)
            wall = statistics.median(w for _, w in rows)
            print(f"{page:16s} {side:28s} {cpu:14.1f} {wall:9.1f} {cpu / base:12.2f}×")


if __name__ == "__main__":
    main()
