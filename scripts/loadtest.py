"""Load tests against gunicorn + PostgreSQL on loopback (make loadtest, make loadtest-mixed).

  read   wrk, DURATION seconds at CONNECTIONS connections on each of: the project list, a
         project page, the API list. Fails on any socket error, timeout or non-2xx answer.
  mixed  readers (wrk on the list and on the page being edited) while two editors save the
         same project through the admin over real HTTP (login, session, CSRF): each round,
         both open the form, A saves, B's stale save must get the "modified by" warning and
         change nothing, then B reloads and saves. Fails on any error, any non-2xx reader
         answer, any stale save accepted, or a final value other than the last accepted save.

The server runs the production code paths (DEBUG off, manifest static files) with plain HTTP
allowed on loopback. The database named by --database-url is migrated and loaded with the
geography and the seed catalogue (idempotent), unless --no-load.
"""

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
PYTHON = sys.executable
LUA = BASE_DIR / "scripts" / "loadtest.lua"


def server_environment(database_url, static_root):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "ADMIN_HTTPS_ONLY": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *arguments):
    return subprocess.run(
        [PYTHON, "manage.py", *arguments], env=env, cwd=BASE_DIR, check=True, capture_output=True, text=True
    ).stdout


def create_database(url):
    """Create the PostgreSQL database ``url`` names if it does not exist yet."""
    import environ
    import psycopg

    config = environ.Env.db_url_config(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        return
    with psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
            connection.execute(f'CREATE DATABASE "{config["NAME"]}"')


def prepare(env, load=True):
    if load:
        create_database(env["DATABASE_URL"])
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_geography")
        manage(env, "load_catalogue")
    manage(env, "collectstatic", "--noinput", "-v0")


@contextmanager
def gunicorn(env, port, workers):
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "catalogue.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=BASE_DIR,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(150):
            try:
                with urllib.request.urlopen(base + "/", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer on " + base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def wrk(base, paths, duration, connections, threads=2):
    """Start wrk; returns the process (its output ends with the LOADTEST line)."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: scripts/install_wrk.sh")
    return subprocess.Popen(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "30s",
            "-s",
            str(LUA),
            base,
            "--",
            *paths,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wrk_result(process):
    output, _ = process.communicate()
    for line in output.splitlines():
        if line.startswith("LOADTEST "):
            return json.loads(line.removeprefix("LOADTEST "))
    raise SystemExit("wrk gave no result:\n" + output)


def problems(result):
    found = []
    errors = {name: count for name, count in result["errors"].items() if count}
    if errors:
        found.append(f"errors {errors}")
    non_2xx = {status: count for status, count in result["statuses"].items() if not status.startswith("2")}
    if non_2xx:
        found.append(f"non-2xx {non_2xx}")
    return found


def report(name, path, result):
    latency = result["latency_ms"]
    statuses = ", ".join(f"{status}: {count}" for status, count in sorted(result["statuses"].items()))
    print(
        f"{name:<14} {path:<28} {result['requests'] / result['duration_s']:8.1f} req/s  "
        f"{result['requests']:7d} requests  latency mean {latency['mean']:.1f} ms, p50 {latency['p50']:.1f}, "
        f"p90 {latency['p90']:.1f}, p99 {latency['p99']:.1f}, max {latency['max']:.1f}  "
        f"[{statuses}]  errors {sum(result['errors'].values())}"
    )


# --- Editors over HTTP -----------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Page:
    def __init__(self, status, content, location=""):
        self.status_code, self.content, self.location = status, content, location


class Browser:
    """A logged-in admin session: cookies, CSRF token, forms posted as a browser would."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=60) as response:
                return Page(response.status, response.read())
        except urllib.error.HTTPError as error:
            return Page(error.code, error.read(), error.headers.get("Location", ""))

    def login(self, username, password):
        page = self.request("/admin/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1).decode()
        answer = self.request(
            "/admin/login/?next=/admin/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/admin/"},
        )
        if answer.status_code != 302:
            raise SystemExit(f"login of {username} failed: HTTP {answer.status_code}")

    def open_form(self, path):
        from tests.backoffice.helpers import form_data

        page = self.request(path)
        if page.status_code != 200:
            raise SystemExit(f"GET {path}: HTTP {page.status_code}")
        return form_data(page, "project_form")


def create_editors(env):
    passwords = {name: secrets.token_urlsafe(16) for name in ("loadtest-editor-a", "loadtest-editor-b")}
    script = (
        "import json,sys\n"
        "from django.contrib.auth import get_user_model\n"
        "User = get_user_model()\n"
        "for name, password in json.loads(sys.argv[1]).items():\n"
        "    user, _ = User.objects.get_or_create(username=name, defaults={'email': name + '@example.org'})\n"
        "    user.is_staff = user.is_superuser = True\n"
        "    user.set_password(password)\n"
        "    user.save()\n"
    )
    subprocess.run(
        [
            PYTHON,
            "-c",
            f"import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'catalogue.settings'); "
            f"django.setup(); exec({script!r})",
            json.dumps(passwords),
        ],
        env=env,
        cwd=BASE_DIR,
        check=True,
    )
    return passwords


def project_state(env, slug):
    script = (
        f"from projects.models import Project; import json; p = Project.objects.get(slug={slug!r}); "
        "print(json.dumps({'pk': p.pk, 'summary': p.summary, 'history': p.history.count(), 'status': p.status}))"
    )
    return json.loads(manage(env, "shell", "-v0", "-c", script).strip().splitlines()[-1])


def editing_rounds(base, passwords, state, stop, outcome):
    a, b = Browser(base), Browser(base)
    a.login("loadtest-editor-a", passwords["loadtest-editor-a"])
    b.login("loadtest-editor-b", passwords["loadtest-editor-b"])
    path = f"/admin/projects/project/{state['pk']}/change/"
    round_number = 0
    while not stop.is_set():
        round_number += 1
        form_a, form_b = a.open_form(path), b.open_form(path)
        started = time.monotonic()
        saved = a.request(path, {**form_a, "summary": [f"Charge {round_number} : version de A"]})
        outcome["save_seconds"].append(time.monotonic() - started)
        if saved.status_code != 302:
            outcome["failures"].append(f"round {round_number}: A's save answered {saved.status_code}")
            continue
        outcome["saves"] += 1
        outcome["expected"] = f"Charge {round_number} : version de A"
        stale = b.request(path, {**form_b, "summary": [f"Charge {round_number} : version périmée de B"]})
        if stale.status_code == 200 and "a été modifié par".encode() in stale.content:
            outcome["conflicts_warned"] += 1
        elif stale.status_code == 302:
            outcome["lost_updates"] += 1
            outcome["failures"].append(f"round {round_number}: B's stale save was accepted (A's save lost)")
            outcome["expected"] = f"Charge {round_number} : version périmée de B"
        else:
            outcome["failures"].append(f"round {round_number}: B's stale save answered {stale.status_code}")
        fresh = b.open_form(path)
        resaved = b.request(path, {**fresh, "summary": [f"Charge {round_number} : version de B"]})
        if resaved.status_code == 302:
            outcome["saves"] += 1
            outcome["expected"] = f"Charge {round_number} : version de B"
        else:
            outcome["failures"].append(f"round {round_number}: B's save after reloading answered {resaved.status_code}")
    outcome["rounds"] = round_number


# --- Commands ------------------------------------------------------------------------------------


def read_test(base, arguments, slug):
    targets = [("list", "/projets/"), ("project page", f"/projets/{slug}/"), ("API list", "/api/v1/projets/")]
    failed = []
    print(
        f"wrk: {arguments.duration} s at {arguments.connections} connections, gunicorn {arguments.workers} sync workers"
    )
    for name, path in targets:
        result = wrk_result(wrk(base, [path], arguments.duration, arguments.connections))
        report(name, path, result)
        failed += [f"{name}: {problem}" for problem in problems(result)]
    return failed


def mixed_test(base, arguments, env, slug):
    passwords = create_editors(env)
    before = project_state(env, slug)
    readers = wrk(
        base, ["/projets/", f"/projets/{slug}/", "/api/v1/projets/"], arguments.duration, arguments.connections
    )
    stop = threading.Event()
    outcome = {
        "saves": 0,
        "conflicts_warned": 0,
        "lost_updates": 0,
        "failures": [],
        "expected": None,
        "save_seconds": [],
    }
    editor = threading.Thread(target=editing_rounds, args=(base, passwords, before, stop, outcome))
    editor.start()
    result = wrk_result(readers)
    stop.set()
    editor.join()
    after = project_state(env, slug)
    report("readers", "list, project, API", result)
    saves = outcome["save_seconds"]
    print(
        f"editors        {outcome['rounds']} rounds: {outcome['saves']} saves accepted, "
        f"{outcome['conflicts_warned']} stale saves refused with the warning, {outcome['lost_updates']} lost updates; "
        f"save time mean {1000 * sum(saves) / max(len(saves), 1):.0f} ms, max {1000 * max(saves, default=0):.0f} ms"
    )
    print(f"final summary  {after['summary']!r}; history rows +{after['history'] - before['history']}")
    failed = [f"readers: {problem}" for problem in problems(result)] + outcome["failures"]
    if outcome["rounds"] == 0 or outcome["saves"] == 0:
        failed.append("no save happened")
    if after["summary"] != outcome["expected"]:
        failed.append(f"final summary {after['summary']!r}, expected {outcome['expected']!r}")
    if after["history"] - before["history"] != outcome["saves"]:
        failed.append(f"{after['history'] - before['history']} history rows for {outcome['saves']} saves")
    return failed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("read", "mixed"))
    parser.add_argument("--database-url", default=os.environ.get("LOADTEST_DATABASE_URL"), required=False)
    parser.add_argument("--duration", type=int, default=60, help="seconds (default 60)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8620)
    parser.add_argument("--project", default="terra-arte", help="slug of the project page to load and edit")
    parser.add_argument("--no-load", action="store_true", help="the database is ready: skip migrate and loading")
    parser.add_argument(
        "--smoke", action="store_true", help="for the test suite: no loading, no collectstatic (plain static storage)"
    )
    arguments = parser.parse_args(argv)
    if not arguments.database_url:
        parser.error("--database-url (or LOADTEST_DATABASE_URL) is required")
    with tempfile.TemporaryDirectory(prefix="catalogue-loadtest-") as static_root:
        env = server_environment(arguments.database_url, static_root)
        if arguments.smoke:
            env["MANIFEST_STATIC"] = "false"
        else:
            prepare(env, load=not arguments.no_load)
        with gunicorn(env, arguments.port, arguments.workers) as base:
            if arguments.mode == "read":
                failed = read_test(base, arguments, arguments.project)
            else:
                failed = mixed_test(base, arguments, env, arguments.project)
    if failed:
        print("FAILED:\n  " + "\n  ".join(failed))
        return 1
    print("OK: no error, every answer 2xx" + (", no lost update" if arguments.mode == "mixed" else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
