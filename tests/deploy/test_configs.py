"""The deployment recipe, checked as far as this machine allows without Docker or a cluster:
the manifests parse and agree with each other and with the app, HAProxy accepts its config
in both of its uses, and the image holds everything the app runs on."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tutor.live import room as live

from .miniyaml import YamlError, loads

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


def upload_limit_mb() -> int:
    """Streamlit's server.maxUploadSize from .streamlit/config.toml (200 when not set)."""
    text = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    match = re.search(r"^\s*maxUploadSize\s*=\s*(\d+)", text, re.M)
    return int(match.group(1)) if match else 200


def manifest(name: str) -> dict:
    return loads((DEPLOY / name).read_text(encoding="utf-8"))


def require_haproxy() -> None:
    if Path(HAPROXY).exists():
        return
    if os.environ.get("CI"):
        pytest.fail("haproxy is required in CI (.ci/run installs it: apt-get install -y "
                    "haproxy)", pytrace=False)
    pytest.skip("needs Debian's haproxy (apt-get install -y haproxy)")


# --- the YAML reader can tell good from bad -------------------------------------------------
def test_the_yaml_reader_reads_the_subset_the_manifests_use():
    with pytest.raises(YamlError):
        loads("a:\n  - plain: text: no\n")  # "text: no" is a mapping where a scalar belongs
    assert loads("a: 1\nb:\n  - x: 'it''s'\n    y: [\"p\", q]\n  - z\nc: true  # note\n") == {
        "a": 1, "b": [{"x": "it's", "y": ["p", "q"]}, "z"], "c": True}


@pytest.mark.parametrize("text", ["a: &x 1", "a: |\n  text", "a: {b: 1}", "a: 1\na: 2",
                                  "a:\n\t- 1", "a: 1\n---\nb: 2", "a: 1\n    b: 2"])
def test_the_yaml_reader_refuses_what_it_does_not_understand(text):
    with pytest.raises(YamlError):
        loads(text)


# --- Kubernetes ---------------------------------------------------------------------------
def test_the_deployment_is_probed_on_streamlit_health_and_runs_as_a_user():
    deployment = manifest("k8s/deployment.yaml")
    assert deployment["kind"] == "Deployment"
    spec = deployment["spec"]
    assert spec["selector"]["matchLabels"].items() <= spec["template"]["metadata"][
        "labels"].items()
    [container] = spec["template"]["spec"]["containers"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports == {"http": 8501}
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/_stcore/health", "port": "http"}
    security = spec["template"]["spec"]["securityContext"]
    assert security["runAsNonRoot"] is True and security["runAsUser"] != 0
    env = {e["name"]: e for e in container["env"]}
    assert "secretKeyRef" in env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]


def test_the_service_and_ingress_reach_the_deployment_with_cookie_affinity():
    deployment, service = manifest("k8s/deployment.yaml"), manifest("k8s/service.yaml")
    ingress = manifest("k8s/ingress.yaml")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert service["kind"] == "Service" and service["spec"]["selector"].items() <= labels.items()
    [port] = service["spec"]["ports"]
    assert port["targetPort"] == "http"
    assert ingress["kind"] == "Ingress"
    [rule] = ingress["spec"]["rules"]
    [path] = rule["http"]["paths"]
    assert path["backend"]["service"] == {"name": service["metadata"]["name"],
                                          "port": {"name": port["name"]}}
    notes = {k.removeprefix("nginx.ingress.kubernetes.io/"): v
             for k, v in ingress["metadata"]["annotations"].items()}
    assert notes["affinity"] == "cookie" and notes["affinity-mode"] == "persistent"
    assert notes["session-cookie-name"] == "SERVERID"
    assert int(notes["proxy-read-timeout"]) >= 3600 <= int(notes["proxy-send-timeout"])
    assert notes["proxy-body-size"] == f"{upload_limit_mb() + 1}m"


# --- docker compose ------------------------------------------------------------------------
def test_compose_runs_replicas_behind_the_same_haproxy_config():
    compose = manifest("compose.yaml")
    app, lb = compose["services"]["app"], compose["services"]["lb"]
    assert (DEPLOY / app["build"]["context"] / app["build"]["dockerfile"]).resolve() == (
        DEPLOY / "Dockerfile").resolve()
    assert app["deploy"]["replicas"] == "${REPLICAS:-2}"
    assert "STREAMLIT_SERVER_COOKIE_SECRET" in app["environment"]
    [volume] = lb["volumes"]
    source, target = volume.split(":")[:2]
    assert (DEPLOY / source).resolve() == (DEPLOY / "haproxy.cfg").resolve()
    assert target in lb["command"]
    env = lb["environment"]
    assert env["BPT_DNS_SERVICE"] == "app:8501"
    assert int(env["BPT_MAX_BODY"]) == (upload_limit_mb() + 1) * 1024 * 1024
    assert lb["depends_on"]["app"]["condition"] == "service_healthy"


# --- the live classroom's Redis (tutor/live/store_redis.py) ---------------------------------
def redis_address(url: str) -> tuple[str, int]:
    """(host, port) of a redis://host:port/db URL, checked to be one."""
    parts = urlsplit(url)
    assert parts.scheme == "redis" and parts.hostname and parts.port, url
    assert re.fullmatch(r"/\d+", parts.path), url
    return parts.hostname, parts.port


def test_compose_gives_every_replica_one_unpublished_redis_that_keeps_its_rooms():
    compose = manifest("compose.yaml")
    app, redis = compose["services"]["app"], compose["services"]["redis"]
    host, port = redis_address(app["environment"][live.REDIS_ENV])
    assert compose["services"][host] is redis  # the service name is the host name
    assert [str(port)] == redis["expose"] and "ports" not in redis
    assert app["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "ping" in redis["healthcheck"]["test"]
    command = redis["command"]
    assert command[0] == "redis-server"
    assert command[command.index("--save") + 1] == ""  # no snapshots: the append-only file
    assert command[command.index("--appendonly") + 1] == "yes"
    data_dir = command[command.index("--dir") + 1]
    [volume] = redis["volumes"]
    name, target = volume.split(":")[:2]
    assert target == data_dir and name in compose["volumes"]  # a named volume: it stays
    assert app["environment"]["FORWARDED_ALLOW_IPS"] == "*"  # only the balancer reaches it


def test_kubernetes_pods_reach_redis_through_its_service_and_only_they_do():
    app = manifest("k8s/deployment.yaml")
    app_service = manifest("k8s/service.yaml")
    redis, service = manifest("k8s/redis-deployment.yaml"), manifest("k8s/redis-service.yaml")
    policy = manifest("k8s/redis-networkpolicy.yaml")
    [container] = app["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e for e in container["env"]}
    host, port = redis_address(env[live.REDIS_ENV]["value"])
    assert (redis["kind"], service["kind"], policy["kind"]) == (
        "Deployment", "Service", "NetworkPolicy")
    assert host == service["metadata"]["name"]
    [service_port] = service["spec"]["ports"]
    assert service_port["port"] == port
    redis_labels = redis["spec"]["template"]["metadata"]["labels"]
    app_labels = app["spec"]["template"]["metadata"]["labels"]
    assert redis["spec"]["selector"]["matchLabels"].items() <= redis_labels.items()
    assert service["spec"]["selector"].items() <= redis_labels.items()
    assert not service["spec"]["selector"].items() <= app_labels.items()
    assert not app_service["spec"]["selector"].items() <= redis_labels.items()  # no mix-up
    [redis_container] = redis["spec"]["template"]["spec"]["containers"]
    ports = {p["name"]: p["containerPort"] for p in redis_container["ports"]}
    assert ports[service_port["targetPort"]] == 6379
    args = redis_container["args"]
    assert args[args.index("--save") + 1] == "" and args[args.index("--appendonly") + 1] == "yes"
    [mount] = redis_container["volumeMounts"]
    assert mount["mountPath"] == args[args.index("--dir") + 1]
    [volume] = redis["spec"]["template"]["spec"]["volumes"]
    assert volume["name"] == mount["name"]
    claim = manifest("k8s/redis-pvc.yaml")
    assert claim["kind"] == "PersistentVolumeClaim"
    assert volume["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    assert redis["spec"]["strategy"]["type"] == "Recreate"  # one pod on the volume at a time
    assert redis["spec"]["template"]["spec"]["securityContext"]["fsGroup"] == 999
    assert redis["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
    assert policy["spec"]["podSelector"]["matchLabels"].items() <= redis_labels.items()
    [rule] = policy["spec"]["ingress"]
    [source] = rule["from"]
    assert source["podSelector"]["matchLabels"].items() <= app_labels.items()
    assert [p["port"] for p in rule["ports"]] == [service_port["targetPort"]]


# --- HAProxy --------------------------------------------------------------------------------
def haproxy_check(config: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([HAPROXY, "-c", "-f", str(config)], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=30, check=False)


def test_haproxy_accepts_the_config_as_local_sh_renders_it(tmp_path):
    require_haproxy()
    rendered = tmp_path / "haproxy.cfg"
    rendered.write_text((DEPLOY / "haproxy.cfg").read_text(encoding="utf-8")
                        + "    server app1 127.0.0.1:40001 cookie app1\n"
                        + "    server app2 127.0.0.1:40002 cookie app2\n", encoding="utf-8")
    result = haproxy_check(rendered, BPT_BIND="127.0.0.1:40000", BPT_MAX_BODY="68157440")
    assert result.returncode == 0, result.stderr
    broken = tmp_path / "broken.cfg"  # the check can fail: a server line outside a backend
    broken.write_text("global\n    server app1 127.0.0.1:40001\n", encoding="utf-8")
    assert haproxy_check(broken).returncode != 0


def test_haproxy_accepts_the_config_as_compose_uses_it():
    require_haproxy()
    result = haproxy_check(DEPLOY / "haproxy.cfg", BPT_BIND=":8080", BPT_MAX_BODY="68157440",
                           BPT_DNS_SERVICE="app:8501", BPT_COOKIE_KEY="k")
    assert result.returncode == 0, result.stderr


def test_the_haproxy_config_keeps_a_browser_on_its_replica_and_checks_health():
    lines = [line.split("#")[0].strip()
             for line in (DEPLOY / "haproxy.cfg").read_text(encoding="utf-8").splitlines()]
    assert "cookie SERVERID insert indirect nocache httponly" in lines
    assert "http-check send meth GET uri /_stcore/health" in lines
    assert "option redispatch 1" in lines
    tunnel = next(line for line in lines if line.startswith("timeout tunnel"))
    assert tunnel == "timeout tunnel 2h"


def test_the_balancer_sends_the_clients_address_and_not_the_one_a_browser_claims():
    lines = [line.split("#")[0].strip()
             for line in (DEPLOY / "haproxy.cfg").read_text(encoding="utf-8").splitlines()]
    frontend = lines[lines.index('bind "${BPT_BIND}"'):]
    assert "http-request del-header X-Forwarded-For" in frontend
    assert "option forwardfor" in lines[lines.index("backend streamlit"):]


def test_replicas_trust_x_forwarded_for_only_from_the_balancer(monkeypatch):
    import uvicorn

    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    trusted = uvicorn.Config(app=lambda *a: None).forwarded_allow_ips  # local.sh: loopback
    assert set(str(trusted).split(",")) <= {"127.0.0.1", "::1"}
    app = manifest("k8s/deployment.yaml")
    [container] = app["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["FORWARDED_ALLOW_IPS"] == "*"  # behind the Ingress


# --- the image ----------------------------------------------------------------------------
def dockerfile() -> list[tuple[str, str]]:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1].strip())
            for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_the_dockerfile_is_slim_non_root_and_health_checked():
    steps = dockerfile()
    kinds = [kind for kind, _ in steps]
    assert re.fullmatch(r"python:3\.\d+-slim", dict(steps)["FROM"])
    user = dict(steps)["USER"]
    assert user not in ("root", "0") and kinds.index("USER") < kinds.index("CMD")
    assert "/_stcore/health" in dict(steps)["HEALTHCHECK"]
    assert ("RUN", "pip install -r requirements.txt") in steps
    assert dict(steps)["CMD"].startswith('["streamlit", "run", "serve.py"')


def test_no_deployment_turns_off_xsrf_or_cors():
    texts = [p.read_text(encoding="utf-8") for p in [*DEPLOY.rglob("*"),
             ROOT / ".streamlit" / "config.toml"] if p.is_file()]
    for text in texts:
        assert not re.search(r"enableXsrfProtection\s*[= ]\s*false", text, re.I)
        assert not re.search(r"enableCORS\s*[= ]\s*false", text, re.I)
    assert "enableXsrfProtection" not in (ROOT / ".streamlit" / "config.toml").read_text(
        encoding="utf-8")  # the default (on) stands


# The one raw-HTML call: tutor.ui.plot.show_picture draws the SVG tutor.figures.svg writes,
# every text and attribute in it escaped and any tag outside Plotly's rich text refused
# (tests/tutor/ui/test_plot.py feeds it markup). st.html would be safer but its sanitiser
# keeps no SVG: the picture came out as an empty <div>.
RAW_HTML = {"tutor/ui/plot.py": 1}


def test_the_app_shows_no_unsafe_html():
    for path in [ROOT / "app.py", *(ROOT / "app_pages").glob("*.py"),
                 *(ROOT / "tutor").rglob("*.py")]:
        calls = path.read_text(encoding="utf-8").count("unsafe_allow_html=True")
        assert calls == RAW_HTML.get(path.relative_to(ROOT).as_posix(), 0), path


def test_the_files_the_image_copies_are_enough_to_run_the_app(tmp_path):
    for kind, arg in dockerfile():
        if kind != "COPY":
            continue
        source, target = arg.split()
        assert (ROOT / source).exists(), source
        destination = tmp_path / target
        if target.endswith("/"):
            destination = destination / Path(source).name
        if (ROOT / source).is_dir():
            shutil.copytree(ROOT / source, destination,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / source, destination)
    script = ("import sys; from streamlit.testing.v1 import AppTest\n"
              "at = AppTest.from_file('app.py', default_timeout=60).run()\n"
              "for page in ('forward', 'digits'):\n"
              "    at.switch_page(f'app_pages/{page}.py').run()\n"
              "    assert not at.exception, [e.value for e in at.exception]\n"
              "import bpcore, tutor; assert bpcore.__file__.startswith(sys.argv[1])\n"
              "print('ok')\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0 and result.stdout.strip().endswith("ok"), result.stderr
