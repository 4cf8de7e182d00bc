"""deploy/local.sh: replicas behind HAProxy on loopback, sticky by cookie, a dead replica taken
out, and nothing left running after SIGTERM or SIGINT."""

from __future__ import annotations

import gzip
import http.client
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bench.servers import LOCAL_SH, ROOT, alive, free_port, stack, stop

from .test_configs import require_haproxy, upload_limit_mb


def get(port: int, path: str = "/", cookie: str | None = None,
        headers: dict[str, str] | None = None, method: str = "GET") -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, headers={**({"Cookie": cookie} if cookie else {}),
                                              **(headers or {})})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def server_cookie(response: http.client.HTTPResponse) -> str | None:
    """The replica HAProxy names in its SERVERID cookie, if it set one."""
    for header in response.headers.get_all("Set-Cookie") or []:
        if header.startswith("SERVERID="):
            return header.split(";")[0].split("=", 1)[1]
    return None


@pytest.mark.parametrize("args", [[], ["http"], ["0"], ["8080", "9090"]])
def test_a_wrong_port_is_refused_with_the_usage(args):
    result = subprocess.run(["bash", str(LOCAL_SH), *args], capture_output=True, text=True,
                            timeout=30, check=False)
    assert result.returncode == 2 and "usage: deploy/local.sh PORT" in result.stderr


def test_a_wrong_replica_count_is_refused():
    result = subprocess.run(["bash", str(LOCAL_SH), "8080"], capture_output=True, text=True,
                            env={"REPLICAS": "0", "PATH": "/usr/bin:/bin"}, timeout=30,
                            check=False)
    assert result.returncode == 2 and "REPLICAS must be" in result.stderr


def test_two_replicas_serve_sticky_and_a_dead_one_is_taken_out(tmp_path: Path):
    require_haproxy()
    port = free_port()
    with stack(port, 2, tmp_path / "run") as server:
        replicas = server.replicas()
        assert sorted(replicas) == ["app1", "app2"]
        assert all(p != port for p, _ in replicas.values())
        first = get(port)
        assert first.status == 200
        name = server_cookie(first)
        assert name in replicas
        cookies = f"SERVERID={name}"
        assert server_cookie(get(port, cookie=cookies)) is None  # kept: no new cookie
        health = get(port, "/_stcore/health", cookie=cookies)  # what the browser asks first
        assert "_streamlit_xsrf=" in " ".join(health.headers.get_all("Set-Cookie") or [])
        too_big = (upload_limit_mb() + 2) * 1024 * 1024
        refused = get(port, "/_stcore/upload_file/s/f", method="PUT",
                      headers={"Content-Length": str(too_big)})
        assert refused.status == 413

        pid = replicas[name][1]
        os.kill(pid, signal.SIGKILL)  # a replica crashes
        deadline = time.monotonic() + 10
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        moved = get(port, cookie=cookies)  # HAProxy sends the browser to the live replica
        assert moved.status == 200
        assert server_cookie(moved) == next(n for n in replicas if n != name)
        pids = server.pids()
        assert stop(server, signal.SIGTERM) == 143
    assert not [p for p in pids if alive(p)]
    assert "stopped 3 processes" in (tmp_path / "run" / "local.sh.log").read_text()


def signal_masks(pid: int) -> dict[str, int]:
    """The process's blocked, ignored and caught signals (/proc/PID/status), as bit masks."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    return {m.group(1): int(m.group(2), 16)
            for m in re.finditer(r"^(SigBlk|SigIgn|SigCgt):\s*([0-9a-f]+)$", status, re.M)}


def test_ctrl_c_stops_everything_it_started(tmp_path: Path):
    require_haproxy()
    with stack(free_port(), 1, tmp_path / "run") as server:
        pids = server.pids()
        assert len(pids) == 2 and all(alive(p) for p in pids)
        sigint = 1 << (signal.SIGINT - 1)
        masks = signal_masks(server.process.pid)  # the launcher traps it, neither blocks
        assert masks["SigCgt"] & sigint and not masks["SigBlk"] & sigint, masks  # nor ignores
        assert stop(server, signal.SIGINT) == 130, (tmp_path / "run" / "local.sh.log").read_text()
    assert not [p for p in pids if alive(p)]
    assert (ROOT / "deploy" / "local.sh").stat().st_mode & 0o111  # runnable as deploy/local.sh


def fetch(port: int, path: str, headers: dict[str, str] | None = None
          ) -> tuple[http.client.HTTPResponse, bytes]:
    """GET ``path``: the response and its body as sent (still compressed if it was)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_the_balancer_preloads_plotly_gzips_text_and_serves_static_files_itself(tmp_path):
    require_haproxy()
    port = free_port()
    with stack(port, 1, tmp_path / "run"):
        page, _ = fetch(port, "/forward")
        link = page.headers.get("Link") or ""
        match = re.fullmatch(r"<\./(static/js/PlotlyChart\.[\w-]+\.js)>; rel=modulepreload; "
                             r"crossorigin", link)
        assert match, link
        chunk = "/" + match.group(1)
        plain, body = fetch(port, chunk)
        assert plain.status == 200 and len(body) > 1_000_000
        assert plain.headers.get("Content-Encoding") is None  # not asked for: not compressed
        zipped, packed = fetch(port, chunk, {"Accept-Encoding": "gzip"})
        assert zipped.headers.get("Content-Encoding") == "gzip"
        assert gzip.decompress(packed) == body and len(packed) < len(body) // 2
        again, same = fetch(port, chunk)
        assert again.headers.get("Age") is not None and same == body  # from HAProxy's cache
        assert fetch(port, "/_stcore/health")[0].headers.get("Link") is None
