"""The benchmark's settings (BENCH_* environment variables), logging, Django commands and servers
(gunicorn, Datasette)."""

import os
import secrets
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = Path(os.environ.get("BENCH_WORK", BENCH / ".work"))
PYTHON = os.environ.get("BENCH_PYTHON", str(ROOT / ".venv" / "bin" / "python"))

PROJECTS = int(os.environ.get("BENCH_PROJECTS", "100000"))
SEED = int(os.environ.get("BENCH_SEED", "1"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "scale_bench")
PORT = int(os.environ.get("BENCH_PORT", "8640"))
# The same site with its page cache off (PAGE_CACHE_SECONDS=0), for the "uncached" surfaces: unknown
# query parameters no longer make a fresh address (the canonical query drops them).
UNCACHED_PORT = int(os.environ.get("BENCH_UNCACHED_PORT", str(PORT + 2)))
DATASETTE_PORT = int(os.environ.get("BENCH_DATASETTE_PORT", "8641"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "6"))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))  # medians of 3 runs by default
CACHE_URL = os.environ.get("CACHE_URL", "")
DATASETTE = os.environ.get("BENCH_DATASETTE", str(WORK / "datasette-venv" / "bin" / "datasette"))
SKIP_MEMORY = os.environ.get("BENCH_SKIP_MEMORY", "") not in ("", "0")
SKIP_DATASETTE = os.environ.get("BENCH_SKIP_DATASETTE", "") not in ("", "0")
# A subset of the surfaces (keys of surfaces.py, comma-separated); the plaintext reference always runs.
ONLY = {key for key in os.environ.get("BENCH_ONLY", "").split(",") if key}


def load_average():
    """The machine's 1, 5 and 15 minute load averages (recorded before and after each run)."""
    return [round(value, 2) for value in os.getloadavg()]


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def django_env(**extra):
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="false",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(40),
        DATABASE_URL=f"{PG_URL}/{DB_NAME}",
        STATIC_ROOT=str(WORK / "static"),
        MEDIA_ROOT=str(WORK / "media"),
        # Plain HTTP on loopback, as `make run`; everything else is production.
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        ADMIN_HTTPS_ONLY="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CONN_MAX_AGE="600",
        LOG_LEVEL="WARNING",
        SITE_URL=f"http://127.0.0.1:{PORT}",
    )
    env.pop("TEST_DATABASE_NAME", None)
    if CACHE_URL:
        env["CACHE_URL"] = CACHE_URL
    env.update(extra)
    return env


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def shell(code, env):
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return output.splitlines()[-1] if output else ""


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def start(command, env, log_name):
    # The child writes to its own copy of the descriptor: the parent's may close at once.
    with open(WORK / log_name, "w") as handle:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process):
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def start_gunicorn(env, port=PORT, log_name="gunicorn.log"):
    command = [
        PYTHON,
        "-m",
        "gunicorn",
        "catalogue.wsgi",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--no-control-socket",  # gunicorn 27's control socket is one path per user: other instances would clash
    ]
    process = start(command, env, log_name)
    wait_for(f"http://127.0.0.1:{port}/healthz")
    return process


def start_datasette(path):
    command = [
        DATASETTE,
        "serve",
        "-i",
        str(path),
        "--host",
        "127.0.0.1",
        "--port",
        str(DATASETTE_PORT),
        # Facets must complete to be compared (default limit 200 ms); suggestions are off (they
        # would cost Datasette time our page does not spend).
        "--setting",
        "facet_time_limit_ms",
        "10000",
        "--setting",
        "sql_time_limit_ms",
        "10000",
        "--setting",
        "suggest_facets",
        "off",
    ]
    process = start(command, os.environ, "datasette.log")
    wait_for(f"http://127.0.0.1:{DATASETTE_PORT}/-/versions.json")
    return process
