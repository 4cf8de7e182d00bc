"""Starting the app the two ways a class can be served, on loopback: one `streamlit run`
process, or deploy/local.sh (replicas behind HAProxy). Shared by bench.classroom and the
deploy tests; each server is a context manager that stops everything it started.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The app served: this repository's, or (BPTUTOR_BENCH_APP) another checkout's, so that one
# version of a benchmark can measure two versions of the app A/B.
ROOT = Path(os.environ.get("BPTUTOR_BENCH_APP") or Path(__file__).resolve().parents[1])
LOCAL_SH = ROOT / "deploy" / "local.sh"
START_TIMEOUT_S = 90.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(base: str) -> bool:
    """True when ``base``/_stcore/health answers "ok"."""
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
            return bool(response.status == 200 and response.read().strip() == b"ok")
    except (urllib.error.URLError, OSError):
        return False


def tail(path: Path, lines: int = 30) -> str:
    """The last lines of a log, for an error message."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"<no log: {exc}>"
    return "\n".join(text.splitlines()[-lines:])


def rss_bytes(pids: list[int]) -> int:
    """Resident memory of these processes, summed (VmRSS from /proc; gone ones count 0)."""
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def descendants(pids: list[int]) -> list[int]:
    """``pids`` and every process below them (a replica's pool workers), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="utf-8")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], list(pids)
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.append(pid)
            todo.extend(children.get(pid, []))
    return found


def tree_cpu_seconds(pids: list[int]) -> float:
    """CPU time (user + system) these processes and all their descendants have used so far."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for pid in descendants(pids):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 of stat)
    return total / tick


def tree_rss_bytes(pids: list[int]) -> int:
    """Resident memory of these processes and all their descendants, summed."""
    return rss_bytes(descendants(pids))


def pss_bytes(pid: int) -> int:
    """Proportional set size of one process (Pss in /proc/PID/smaps_rollup; 0 when gone).

    A page that n processes map counts 1/n in each, so the PSS of a group of processes is
    what they hold together: a file all of them memory-map is counted once, whereas their
    summed RSS counts it once per process that touched it.
    """
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="utf-8")
    except OSError:
        return 0
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) * 1024 if match else 0


@dataclass
class MemoryPeak:
    """The peaks of a process tree's summed RSS and summed PSS, and each process at the PSS
    peak (pid → (command name, RSS, PSS) in bytes)."""

    rss: int = 0
    pss: int = 0
    at_peak: dict[int, tuple[str, int, int]] = field(default_factory=dict)

    def sample(self, pids: list[int]) -> None:
        """Look once at ``pids`` and their descendants."""
        rows: dict[int, tuple[str, int, int]] = {}
        for pid in descendants(pids):
            try:
                name = Path(f"/proc/{pid}/comm").read_text(encoding="utf-8").strip()
            except OSError:
                continue
            rows[pid] = (name, rss_bytes([pid]), pss_bytes(pid))
        rss, pss = sum(r for _, r, _ in rows.values()), sum(p for _, _, p in rows.values())
        self.rss = max(self.rss, rss)
        if pss > self.pss:
            self.pss, self.at_peak = pss, rows


@contextmanager
def memory_sampler(pids: Callable[[], list[int]], every_s: float = 0.1
                   ) -> Iterator[MemoryPeak]:
    """Sample a process tree's memory every ``every_s`` in a thread of its own (so a busy
    event loop cannot make it miss a short peak) while the block runs."""
    peak = MemoryPeak()
    done = threading.Event()

    def run() -> None:
        while not done.is_set():
            with suppress(OSError, ValueError):
                peak.sample(pids())
            done.wait(every_s)

    thread = threading.Thread(target=run, name="memory-sampler", daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        done.set()
        thread.join(5)
        with suppress(OSError, ValueError):
            peak.sample(pids())


def alive(pid: int) -> bool:
    """True while ``pid`` is a running (not zombie) process (tests/deploy watch replicas)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


class StartError(RuntimeError):
    """A server did not come up; the message carries its log's tail."""


@dataclass
class Server:
    """A running server: its base URL, the launching process and where its logs go."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path
    run_dir: Path | None = None

    def replicas(self) -> dict[str, tuple[int, int]]:
        """name → (port, pid) of every app replica (the plain server is one, "app")."""
        if self.run_dir is None:
            return {"app": (int(self.url.rsplit(":", 1)[1]), self.process.pid)}
        rows = (self.run_dir / "replicas").read_text(encoding="utf-8").split("\n")
        return {name: (int(port), int(pid))
                for name, port, pid in (row.split() for row in rows if row.strip())}

    def pids(self) -> list[int]:
        """Every server process: the replicas and, for the stack, HAProxy."""
        pids = [pid for _, pid in self.replicas().values()]
        if self.run_dir is not None:
            pids.append(int((self.run_dir / "haproxy.pid").read_text(encoding="utf-8")))
        return pids


def _wait(server: Server, ready: Path | None) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not (healthy(server.url) and (ready is None or ready.exists())):
        if server.process.poll() is not None:
            raise StartError(f"exited with {server.process.returncode}; {server.log}:\n"
                             f"{tail(server.log)}")
        if time.monotonic() > deadline:
            raise StartError(f"no answer within {START_TIMEOUT_S:.0f} s; {server.log}:\n"
                             f"{tail(server.log)}")
        time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> int:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # its own session: only what it started
            process.wait(timeout=10)
    return int(process.returncode)


STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


def _launch(cmd: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
    """``subprocess.Popen(cmd, **kwargs)`` in a session of its own, with SIGINT and SIGTERM
    reaching it as they reach a program started from a terminal.

    A child inherits its parent thread's blocked signals and its ignored ones (exec resets
    only handled ones), and bash can neither trap nor reset a signal ignored when it
    starts: in full test runs under pytest-xdist, deploy/local.sh never ran its Ctrl-C trap
    (4 runs of 7; never alone). So the calling thread unblocks them around the spawn and, on
    the main thread, one that is ignored is handled for that moment."""
    blocked = signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    ignored = [sig for sig in STOP_SIGNALS if signal.getsignal(sig) == signal.SIG_IGN]
    restore = {}
    if threading.current_thread() is threading.main_thread():
        restore = {sig: signal.signal(sig, signal.default_int_handler) for sig in ignored}
    try:
        return subprocess.Popen(cmd, start_new_session=True, **kwargs)
    finally:
        for sig, handler in restore.items():
            signal.signal(sig, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


@contextmanager
def plain(port: int, log_dir: Path, python: str = sys.executable, script: str = "serve.py",
          env: dict[str, str] | None = None) -> Iterator[Server]:
    """One ``streamlit run serve.py`` (the README's; or ``script``, e.g. bench.longpoll's
    ``st.App`` around app.py) on 127.0.0.1:port, with ``env`` added to the environment."""
    log = log_dir / f"streamlit-{port}.log"
    cmd = [python, "-m", "streamlit", "run", script, "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true"]
    with log.open("w", encoding="utf-8") as out:
        process = _launch(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                          stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait(server, None)
        yield server
    finally:
        _stop(process)


@contextmanager
def stack(port: int, replicas: int, run_dir: Path | None = None,
          python: str = sys.executable) -> Iterator[Server]:
    """``deploy/local.sh port`` with ``replicas`` replicas; stopped with SIGTERM at the end."""
    run_dir = run_dir or Path(tempfile.mkdtemp(prefix="bptutor-stack."))
    run_dir.mkdir(parents=True, exist_ok=True)
    log = run_dir / "local.sh.log"
    env = {**os.environ, "REPLICAS": str(replicas), "PYTHON": python, "RUN_DIR": str(run_dir)}
    with log.open("w", encoding="utf-8") as out:
        process = _launch(["bash", str(LOCAL_SH), str(port)], cwd=ROOT, env=env,
                          stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = Server(f"http://127.0.0.1:{port}", process, log, run_dir)
    try:
        _wait(server, run_dir / "ready")
        yield server
    finally:
        _stop(process)


def stop(server: Server, sig: int = signal.SIGTERM) -> int:
    """Send ``sig`` to the launcher and wait for it; its exit code."""
    return _stop(server.process, sig)
