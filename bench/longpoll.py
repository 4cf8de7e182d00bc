"""Telling a lecture hall of a move without a rerun: `.venv/bin/python -m bench.longpoll`.

Why: a follower is told of the teacher's move today by a rerun of its page fragment
(tutor.live.push), 30-55 ms of server CPU per follower per move on the 2-core machine, so 100
followers on a replica take 3-5 s of CPU per move and the issue's p95 of 1 s at 200 students
is out of reach. Even a page fragment of one element costs ~21 ms a follower there (measured
with the page replaced by one Markdown element, the README's "The floor of a rerun, and a
way past it"): Streamlit's own cost of a run. The way past it is to run nothing per follower:
each follower's browser holds one request open (a long poll) on a route of the server, and a
move answers them all at once; the browser then shows the step from what it already has.

This measures that transport alone on the app's own server: ``streamlit run`` of a small
``st.App`` (Streamlit 1.67's ASGI app, which takes extra Starlette routes) around app.py, with
two routes standing in for a room: ``/bench/wait?v=N`` answers once the version passes N (or
after 25 s), ``/bench/move`` moves it. ``--followers`` clients each keep a long poll open
(keep-alive, on loopback); ``--moves`` moves a second apart; it prints press → every
follower's answer (p50 / p95 / max) and the server's CPU per follower per move. Bounded:
at most 1,000 followers and 100 moves, loopback only, the server stopped at the end.

    .venv/bin/python -m bench.longpoll                   # 200 followers, 10 moves
    .venv/bin/python -m bench.longpoll --followers 50 --moves 5
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import ROOT as APP_ROOT  # noqa: E402
from bench.servers import Server, free_port, plain, tree_cpu_seconds  # noqa: E402

MAX_FOLLOWERS = 1000
MAX_MOVES = 100
WAIT_S = 25.0  # a long poll's longest wait before it answers unchanged

SERVE = '''"""bench.longpoll's server: the app, plus two routes standing in for a room's version."""
import asyncio

import streamlit as st
from starlette.responses import JSONResponse
from starlette.routing import Route

STATE = {{"version": 0, "moved": None}}


def _moved() -> asyncio.Event:
    if STATE["moved"] is None:
        STATE["moved"] = asyncio.Event()
    return STATE["moved"]


async def wait(request):
    seen = int(request.query_params.get("v", "0")[:12])
    moved = _moved()
    if STATE["version"] <= seen:
        try:
            await asyncio.wait_for(moved.wait(), {wait_s})
        except asyncio.TimeoutError:
            pass
    return JSONResponse({{"version": STATE["version"]}})


async def move(request):
    STATE["version"] += 1
    moved, STATE["moved"] = _moved(), asyncio.Event()
    moved.set()
    return JSONResponse({{"version": STATE["version"]}})


app = st.App({app!r}, routes=[Route("/bench/wait", wait), Route("/bench/move", move)])
'''


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
               path: str) -> dict[str, int]:
    """One GET on a kept-alive connection; its JSON body."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n"
                 .encode())
    await writer.drain()
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower().split("\r\n")
    length = int(next(line.split(":", 1)[1] for line in head
                      if line.startswith("content-length")))
    return dict(json.loads(await reader.readexactly(length)))


async def _follower(port: int, sent: dict[int, float], seen: list[float],
                    done: asyncio.Event, ready: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        version = (await _get(reader, writer, "/bench/wait?v=-1"))["version"]
        ready.append(1)
        while not done.is_set():
            now = (await _get(reader, writer, f"/bench/wait?v={version}"))["version"]
            at = time.perf_counter()
            seen.extend(at - sent[v] for v in range(version + 1, now + 1) if v in sent)
            version = now
    finally:
        writer.close()


async def _run(server: Server, followers: int, moves: int) -> str:
    port = int(server.url.rsplit(":", 1)[1])
    sent: dict[int, float] = {}
    seen: list[float] = []
    done, ready = asyncio.Event(), []
    tasks = [asyncio.create_task(_follower(port, sent, seen, done, ready))
             for _ in range(followers)]
    while len(ready) < followers:
        await asyncio.sleep(0.1)
    await asyncio.sleep(1.0)  # every follower's poll is open
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    version = (await _get(reader, writer, "/bench/wait?v=-1"))["version"]
    cpu_before = tree_cpu_seconds(server.pids())
    for _ in range(moves):
        version += 1
        sent[version] = time.perf_counter()
        await _get(reader, writer, "/bench/move")
        await asyncio.sleep(1.0)
    cpu = tree_cpu_seconds(server.pids()) - cpu_before
    done.set()
    await _get(reader, writer, "/bench/move")  # lets every open poll answer and end
    await asyncio.wait(tasks, timeout=10)
    writer.close()
    expected = followers * moves
    quantiles = (statistics.quantiles(seen, n=100, method="inclusive") if len(seen) > 1
                 else (seen or [0.0]) * 99)
    return "\n".join([
        f"{followers} followers, {moves} moves a second apart, one `streamlit run` (loopback)",
        "",
        "| | value |",
        "| --- | --- |",
        f"| moves answered | {len(seen)} of {expected} |",
        f"| press → every follower answered, p50 / p95 / max | {1e3 * quantiles[49]:.0f} / "
        f"{1e3 * quantiles[94]:.0f} / {1e3 * max(seen, default=0):.0f} ms |",
        f"| server CPU over the moves (incl. the idle seconds) | {1e3 * cpu:.0f} ms |",
        f"| server CPU per follower per move | {1e3 * cpu / max(1, expected):.2f} ms |",
    ])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--followers", type=int, default=200)
    parser.add_argument("--moves", type=int, default=10)
    args = parser.parse_args(argv)
    followers = max(1, min(MAX_FOLLOWERS, args.followers))
    moves = max(1, min(MAX_MOVES, args.moves))
    with tempfile.TemporaryDirectory(prefix="bptutor-longpoll.") as tmp:
        serve = Path(tmp) / "serve.py"
        serve.write_text(SERVE.format(app=str(APP_ROOT / "app.py"), wait_s=WAIT_S),
                         encoding="utf-8")
        with plain(free_port(), Path(tmp), script=str(serve),
                   env={"BPTUTOR_DATA_DIR": tmp}) as server:
            print(asyncio.run(_run(server, followers, moves)))


if __name__ == "__main__":
    main()
