#!/usr/bin/env bash
# deploy/local.sh PORT — Backprop Tutor as a class would be served, on this machine.
#
# One `streamlit run serve.py` replica per core (nproc; REPLICAS=n overrides) on free loopback
# ports, behind HAProxy (deploy/haproxy.cfg) on 127.0.0.1:PORT: a browser stays on its
# replica by cookie (SERVERID), websockets and uploads are forwarded, /_stcore/health is
# checked every 2 s and a replica that dies is taken out. It runs in the foreground; SIGTERM
# or Ctrl-C stops everything it started.
#
# Environment:
#   REPLICAS  number of app processes (default: nproc)
#   PYTHON    the Python whose streamlit runs the app (default: .venv/bin/python)
#   HAPROXY   the haproxy binary (default: the one on PATH, else /usr/sbin/haproxy)
#   RUN_DIR   where the rendered config, the logs and the process list go (default: a new
#             temporary folder); RUN_DIR/replicas lists "name port pid" per replica,
#             RUN_DIR/haproxy.pid the balancer's pid, RUN_DIR/ready appears when it serves.
set -euo pipefail

usage() {
    echo "usage: deploy/local.sh PORT   (env: REPLICAS, PYTHON, HAPROXY, RUN_DIR)" >&2
    exit 2
}
[ "$#" -eq 1 ] || usage
PORT=$1
[[ $PORT =~ ^[0-9]{1,5}$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ] || usage

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPLICAS=${REPLICAS:-$(nproc)}
if ! [[ $REPLICAS =~ ^[0-9]{1,2}$ ]] || [ "$REPLICAS" -lt 1 ] || [ "$REPLICAS" -gt 16 ]; then
    echo "REPLICAS must be a whole number from 1 to 16, not '$REPLICAS'" >&2
    exit 2
fi
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
if [ ! -x "$PYTHON" ]; then
    echo "no Python at $PYTHON: make the venv (README, Quick start) or set PYTHON" >&2
    exit 2
fi
HAPROXY=${HAPROXY:-$(command -v haproxy || echo /usr/sbin/haproxy)}
if [ ! -x "$HAPROXY" ]; then
    echo "haproxy is missing: apt-get install -y haproxy" >&2
    exit 2
fi
RUN_DIR=${RUN_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/bptutor-stack.XXXXXX")}
mkdir -p "$RUN_DIR"
rm -f "$RUN_DIR/ready" "$RUN_DIR/replicas" "$RUN_DIR/haproxy.pid"

# Every child is started through setpriv --pdeathsig where it exists, so even a SIGKILL of
# this script (which no trap can catch) takes the children down with it.
launch=()
if command -v setpriv >/dev/null 2>&1; then
    launch=(setpriv --pdeathsig TERM --)
fi

pids=()
stop_all() {
    trap - EXIT INT TERM
    [ "${#pids[@]}" -gt 0 ] || return 0
    kill -TERM "${pids[@]}" 2>/dev/null || true
    # A watchdog KILLs whatever has not stopped 5 s after TERM. Waiting on the children
    # themselves (not polling them with a `sleep` per tenth of a second) ends as soon as
    # the last one exits, and costs no forks on a loaded machine.
    ( sleep 5; kill -KILL "${pids[@]}" 2>/dev/null ) &
    local watchdog=$!
    wait "${pids[@]}" 2>/dev/null || true
    kill "$watchdog" 2>/dev/null || true
    wait "$watchdog" 2>/dev/null || true
    echo "local.sh: stopped ${#pids[@]} processes" >&2
}
trap stop_all EXIT
trap 'echo "local.sh: SIGTERM, stopping" >&2; exit 143' TERM
trap 'echo "local.sh: SIGINT, stopping" >&2; exit 130' INT

# Free loopback ports for the replicas (held open together, so they differ from each other).
read -r -a ports <<< "$("$PYTHON" - "$REPLICAS" "$PORT" <<'PY'
import socket
import sys

count, avoid = int(sys.argv[1]), int(sys.argv[2])
held = []
while len(held) < count:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    if sock.getsockname()[1] != avoid:
        held.append(sock)
print(" ".join(str(s.getsockname()[1]) for s in held))
PY
)"

# One secret for every replica, so a cookie one replica signed is valid on the others.
if [ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]; then
    STREAMLIT_SERVER_COOKIE_SECRET=$("$PYTHON" -c 'import secrets; print(secrets.token_hex(32))')
    export STREAMLIT_SERVER_COOKIE_SECRET
fi

cd "$ROOT"
for i in $(seq 1 "$REPLICAS"); do
    port=${ports[$((i - 1))]}
    # XSRF protection and CORS stay on (Streamlit's defaults, stated so nothing turns them off).
    "${launch[@]}" "$PYTHON" -m streamlit run serve.py \
        --server.port "$port" --server.address 127.0.0.1 --server.headless true \
        --server.enableXsrfProtection true --server.enableCORS true \
        >"$RUN_DIR/app$i.log" 2>&1 </dev/null &
    pids+=("$!")
    echo "app$i $port $!" >>"$RUN_DIR/replicas"
done

# Wait until every replica answers its health check (a replica that exits fails at once).
if ! "$PYTHON" - "$RUN_DIR/replicas" <<'PY'
import os
import sys
import time
import urllib.request

rows = [line.split() for line in open(sys.argv[1], encoding="utf-8")]
pending = {name: (port, pid) for name, port, pid in rows}
deadline = time.monotonic() + 90
while pending and time.monotonic() < deadline:
    for name, (port, pid) in list(pending.items()):
        if not os.path.exists(f"/proc/{pid}"):
            sys.exit(f"local.sh: replica {name} (pid {pid}) exited before it was healthy")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                        timeout=2) as response:
                if response.read().strip() == b"ok":
                    del pending[name]
        except OSError:
            pass
    time.sleep(0.2)
if pending:
    sys.exit(f"local.sh: no health from {', '.join(sorted(pending))} within 90 s")
PY
then
    echo "local.sh: see the logs in $RUN_DIR" >&2
    exit 1
fi

# HAProxy: the shared config, then one server line per replica (the last section is the
# backend). Streamlit's upload limit, in MB, is server.maxUploadSize (200 when not set).
max_mb=$(sed -n 's/^[[:space:]]*maxUploadSize[[:space:]]*=[[:space:]]*\([0-9][0-9]*\).*/\1/p' \
    .streamlit/config.toml 2>/dev/null | head -n 1)
export BPT_BIND="127.0.0.1:$PORT"
export BPT_MAX_BODY=$(( (${max_mb:-200} + 1) * 1024 * 1024 ))  # + 1 MB for the form around it
# Streamlit's lazily loaded Plotly chunk (4.7 MB, content-hashed): every HTML page names it
# in a Link header (deploy/haproxy.cfg), so a fresh browser fetches it at once.
if [ -n "${BPT_PRELOAD+set}" ] && [ -z "$BPT_PRELOAD" ]; then
    unset BPT_PRELOAD  # BPT_PRELOAD= : no Link header
elif [ -z "${BPT_PRELOAD+set}" ]; then
    static=$("$PYTHON" -c 'import pathlib, streamlit; print(pathlib.Path(streamlit.__file__).parent / "static")')
    preload=()
    for chunk in "$static"/static/js/PlotlyChart.*.js; do
        [ -f "$chunk" ] && preload+=("<./static/js/${chunk##*/}>; rel=modulepreload; crossorigin")
    done
    if [ "${#preload[@]}" -gt 0 ]; then
        BPT_PRELOAD=$(IFS=,; echo "${preload[*]}")
        export BPT_PRELOAD
    fi
fi
cfg="$RUN_DIR/haproxy.cfg"
{
    cat deploy/haproxy.cfg
    echo "    # deploy/local.sh: the replicas"
    while read -r name port pid; do
        echo "    server $name 127.0.0.1:$port cookie $name"
    done <"$RUN_DIR/replicas"
} >"$cfg"
"$HAPROXY" -c -q -f "$cfg"
"${launch[@]}" "$HAPROXY" -db -f "$cfg" >"$RUN_DIR/haproxy.log" 2>&1 </dev/null &
haproxy_pid=$!
pids+=("$haproxy_pid")
echo "$haproxy_pid" >"$RUN_DIR/haproxy.pid"

if ! "$PYTHON" - "$PORT" <<'PY'
import sys
import time
import urllib.request

deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/_stcore/health",
                                    timeout=2) as response:
            if response.read().strip() == b"ok":
                sys.exit(0)
    except OSError:
        time.sleep(0.2)
sys.exit("local.sh: HAProxy did not answer within 30 s")
PY
then
    echo "local.sh: see $RUN_DIR/haproxy.log" >&2
    exit 1
fi
# The ready file by a builtin, not `touch`: a SIGINT that comes while bash waits for an
# external command that then exits normally is dropped (bash's "wait and cooperative exit":
# the child is assumed to have handled it), so a caller that saw the file and sent SIGINT at
# once could find the launcher still running.
: >"$RUN_DIR/ready"
echo "Backprop Tutor: http://127.0.0.1:$PORT ($REPLICAS replicas; logs in $RUN_DIR)"

# In the foreground until HAProxy exits or a signal comes; say when a replica dies.
reported=" "
while kill -0 "$haproxy_pid" 2>/dev/null; do
    # A wait of a second at most, not `wait -n` on children that may never exit: bash runs
    # a trap only between commands, so a signal is acted on within a second whatever the
    # children do.
    sleep 1 &
    wait "$!" || true
    while read -r name port pid; do
        if [[ $reported != *" $name "* ]] && ! kill -0 "$pid" 2>/dev/null; then
            echo "local.sh: replica $name (pid $pid) has exited; HAProxy takes it out" >&2
            reported+="$name "
        fi
    done <"$RUN_DIR/replicas"
done
echo "local.sh: HAProxy has exited; see $RUN_DIR/haproxy.log" >&2
exit 1
