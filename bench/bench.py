#!/usr/bin/env python
"""The benchmark's driver (``bench/run.sh`` sets up and calls it): see README §"Benchmark".

Steps: database (create, migrate, load the seeds, generate BENCH_PROJECTS projects: reused when
present) → collectstatic → gunicorn (DEBUG off, sync workers) → SQLite copy for Datasette →
warm-up → wrk on every surface, BENCH_RUNS times → export memory → a markdown table, printed and
written to bench/results/<date>.md. Every request goes to 127.0.0.1 and every wrk run is bounded
(BENCH_DURATION seconds).

    python bench/bench.py                      # everything (run.sh is the documented entry point)
    python bench/bench.py export-sqlite FILE   # only the Datasette copy of the configured database
"""

import datetime
import json
import os
import platform
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
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
DATASETTE_PORT = int(os.environ.get("BENCH_DATASETTE_PORT", "8641"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "6"))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
RUNS = int(os.environ.get("BENCH_RUNS", "1"))
CACHE_URL = os.environ.get("CACHE_URL", "")
DATASETTE = os.environ.get("BENCH_DATASETTE", str(WORK / "datasette-venv" / "bin" / "datasette"))
SKIP_MEMORY = os.environ.get("BENCH_SKIP_MEMORY", "") not in ("", "0")


# wrk's Lua hooks: count non-2xx and unexpected statuses (args: expected status, "bust" to make each
# request's address unique so that no response cache can answer, an ETag to send as If-None-Match).
WRK_SCRIPT = """
local threads = {}
local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end
function init(args)
  non2xx = 0; unexpected = 0; counter = 0
  expected = tonumber(args[1]) or 200
  bust = args[2] == "bust"
  if args[3] and args[3] ~= "" then wrk.headers["If-None-Match"] = args[3] end
end
function request()
  if bust then
    counter = counter + 1
    local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
    return wrk.format(nil, wrk.path .. sep .. "_bench=" .. id .. "-" .. counter)
  end
  return wrk.format()
end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
  local fine = (status == expected) or (expected == 200 and status >= 200 and status < 300)
  if not fine then unexpected = unexpected + 1 end
end
function done(summary, latency, requests)
  local n, u = 0, 0
  for _, t in ipairs(threads) do n = n + t:get("non2xx"); u = u + t:get("unexpected") end
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), n, e.connect + e.read + e.write + e.timeout, u))
end
"""


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
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", code], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout.strip()
    return output.splitlines()[-1] if output else ""


# --- Data ----------------------------------------------------------------------------------


def prepare_database(env):
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            log(f"creating database {DB_NAME}")
            connection.execute(f'CREATE DATABASE "{DB_NAME}"')
    manage("migrate", "--noinput", "-v0", env=env)
    if shell("from geo.models import Commune; print(Commune.objects.count())", env) == "0":
        manage("load_geography", env=env)
    if shell("from projects.models import Project; print(Project.objects.count())", env) == "0":
        manage("load_catalogue", env=env)
    manage("generate_projects", str(PROJECTS), "--seed", str(SEED), "--total", env=env)
    shell("from django.db import connection; connection.cursor().execute('ANALYZE')", env)
    manage("collectstatic", "--noinput", "-v0", env=env)


def export_sqlite(path):
    """The published projects as one SQLite table, with the list's facets as columns: region,
    Hlm families of their organisms and tenure statuses (JSON arrays, for Datasette's array facets)."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
    django.setup()
    import sqlite3

    from projects.models import Project, ProjectActor, TenureLine

    published = Project.objects.published()
    families, statuses = {}, {}
    for project_id, family in (
        ProjectActor.objects.filter(project__in=published, organism__kind="hlm")
        .exclude(organism__family="")
        .values_list("project_id", "organism__family")
    ):
        families.setdefault(project_id, set()).add(family)
    for project_id, code in TenureLine.objects.filter(project__in=published, status__isnull=False).values_list(
        "project_id", "status__short_name"
    ):
        statuses.setdefault(project_id, set()).add(code)
    temporary = Path(path).with_suffix(".tmp")
    temporary.unlink(missing_ok=True)
    database = sqlite3.connect(temporary)
    database.execute(
        "CREATE TABLE projects (id INTEGER PRIMARY KEY, slug TEXT, name TEXT, commune TEXT, departement TEXT,"
        " region TEXT, famille_hlm TEXT, statut TEXT, famille TEXT, phase TEXT, total_homes INTEGER,"
        " delivery_year INTEGER)"
    )
    rows = published.order_by("name", "pk").values_list(
        "pk", "slug", "name", "commune__name", "commune__department__code", "commune__department__region__name",
        "participatory_family", "phase", "total_homes", "delivery_year",
    )
    batch = []
    for pk, slug, name, commune, department, region, family, phase, homes, year in rows.iterator(chunk_size=5000):
        batch.append(
            (pk, slug, name, commune, department, region, json.dumps(sorted(families.get(pk, ()))),
             json.dumps(sorted(statuses.get(pk, ()))), family, phase, homes, year)
        )
        if len(batch) == 5000:
            database.executemany("INSERT INTO projects VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch)
            batch = []
    database.executemany("INSERT INTO projects VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch)
    database.commit()
    count = database.execute("SELECT count(*) FROM projects").fetchone()[0]
    database.close()
    temporary.replace(path)
    print(count)


def sqlite_copy(env, published):
    path = WORK / "projects.db"
    if path.exists():
        import sqlite3

        with sqlite3.connect(path) as database:
            if database.execute("SELECT count(*) FROM projects").fetchone()[0] == published:
                return path
    log("exporting the published projects to SQLite for Datasette")
    subprocess.run([PYTHON, str(BENCH / "bench.py"), "export-sqlite", str(path)], cwd=ROOT, env=env, check=True)
    return path


# --- Servers -------------------------------------------------------------------------------


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
    handle = open(WORK / log_name, "w")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process):
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def start_gunicorn(env):
    command = [
        PYTHON, "-m", "gunicorn", "catalogue.wsgi", "--workers", str(WORKERS), "--worker-class", "sync",
        "--bind", f"127.0.0.1:{PORT}", "--timeout", "120",
        "--no-control-socket",  # gunicorn 27's control socket is one path per user: other instances would clash
    ]
    process = start(command, env, "gunicorn.log")
    wait_for(f"http://127.0.0.1:{PORT}/healthz")
    return process


def start_datasette(path):
    command = [
        DATASETTE, "serve", "-i", str(path), "--host", "127.0.0.1", "--port", str(DATASETTE_PORT),
        # Facets must complete to be compared (default limit 200 ms); suggestions are off (they
        # would cost Datasette time our page does not spend).
        "--setting", "facet_time_limit_ms", "10000", "--setting", "sql_time_limit_ms", "10000",
        "--setting", "suggest_facets", "off",
    ]
    process = start(command, os.environ, "datasette.log")
    wait_for(f"http://127.0.0.1:{DATASETTE_PORT}/-/versions.json")
    return process


# --- Measures ------------------------------------------------------------------------------


FILTERED = "/projets/?region=auvergne-rhone-alpes&statut=psla&q=jardins"
THREE_FILTERS = "/projets/?region=occitanie&famille_hlm=OPH&statut=plus"
DS_FACETS = "/projects/projects?_facet=region&_facet_array=famille_hlm&_facet_array=statut"
# Ours ÷ Datasette: each Datasette page against our page showing the same selection and facets.
DATASETTE_PAIRS = {"ds_table": ("list", "list_uncached"), "ds_filtered": ("facets_ours", "facets_ours_uncached")}
# Issue 7's targets, as shares of the plaintext view's req/s in the same run.
TARGETS = {
    "list_filtered_uncached": 0.10, "facets_ours_uncached": 0.10, "list_uncached": 0.10,
    "project_uncached": 0.40, "project": 0.40,
    "list": 0.70, "list_conditional": 0.70, "list_filtered": 0.70, "facets_ours": 0.70,
}


def surfaces(env):
    """(key, label, url) of every measured address, chosen from the generated data."""
    facts = json.loads(
        shell(
            "import json\n"
            "from django.db.models import Count\n"
            "from projects.models import Project\n"
            "from django.contrib.staticfiles.storage import staticfiles_storage\n"
            "p = Project.objects.published()\n"
            "project = p.filter(slug__startswith='gen-', photos__isnull=False, tenure_lines__isnull=False)"
            ".order_by('slug').first() or p.order_by('slug').first()\n"
            "by_dep = list(p.values('commune__department__code').annotate(n=Count('pk')).order_by())\n"
            "dep = min(by_dep, key=lambda row: abs(row['n'] - 1000))\n"
            "print(json.dumps({'project': project.slug, 'published': p.count(), 'css': staticfiles_storage.url('css/site.css'),"
            " 'dep': dep['commune__department__code'], 'dep_n': dep['n']}))",
            env,
        )
    )
    # key, label, address, options: expect (status), bust (a unique address per request: no
    # response cache can answer), conditional (send the ETag got at warm-up: 304 expected).
    facts["surfaces"] = [
        ("plaintext", "plaintext view `/healthz` (reference)", "/healthz", {}),
        ("static", "static file (WhiteNoise)", facts["css"], {}),
        ("list", "list, page 1 (facets)", "/projets/", {}),
        ("list_uncached", "list, page 1, uncached (unique address each time)", "/projets/", {"bust": True}),
        ("list_conditional", "list, page 1, conditional (If-None-Match)", "/projets/", {"conditional": True}),
        ("list_filtered", "list, 2 filters + text search", FILTERED, {}),
        ("list_filtered_uncached", "list, 2 filters + text search, uncached", FILTERED, {"bust": True}),
        ("deep", "list, deep page", os.environ.get("BENCH_DEEP_URL", "/projets/?page=200"), {}),
        ("project", "project page", f"/projets/{facts['project']}/", {}),
        ("project_uncached", "project page, uncached", f"/projets/{facts['project']}/", {"bust": True}),
        ("map", "map (choropleth)", "/territoires/carte/", {}),
        ("stats", "statistics", "/statistiques/", {}),
        ("api", "API list", "/api/v1/projets/", {}),
        ("csv", f"CSV export, {facts['dep_n']:,} rows (dép. {facts['dep']})",
         f"/projets/export.csv?departement={facts['dep']}", {}),
        ("404", "malformed URL (deliberate 404)", "/projets/%C0%AE%C0%AE/", {"expect": 404}),
        ("facets_ours", "list, the 3 facets' filters (region + family + status)", THREE_FILTERS, {}),
        ("facets_ours_uncached", "list, the 3 facets' filters, uncached", THREE_FILTERS, {"bust": True}),
    ]
    facts["datasette"] = [
        ("ds_table", "Datasette table, 3 facets", DS_FACETS, {}),
        ("ds_filtered", "Datasette, the same 3 filters, 3 facets",
         DS_FACETS.replace("?", "?region=Occitanie&famille_hlm__arraycontains=OPH&statut__arraycontains=PLUS&"), {}),
    ]
    return facts


MAX_DURATION = int(os.environ.get("BENCH_MAX_DURATION", "120"))


def duration_for(single):
    """Long enough for a slow page to complete a few requests per connection (up to MAX_DURATION)."""
    return min(MAX_DURATION, max(DURATION, int(3 * single * CONNECTIONS / WORKERS) + 1))


def wrk(url, expect=200, bust=False, etag="", duration=DURATION):
    script = WORK / "count.lua"
    script.write_text(WRK_SCRIPT)
    result = subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--timeout", f"{max(60, duration)}s", "-s", str(script), url,
         "--", str(expect), "bust" if bust else "-", etag],
        capture_output=True, text=True, timeout=duration + 90,
    )
    line = next((line for line in result.stdout.splitlines() if line.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk {url}: {result.stdout}{result.stderr}")
    requests, duration_us, p50, p99, non2xx, errors, unexpected = (int(value) for value in line.split()[1:])
    return {
        "rps": requests / (duration_us / 1e6), "p50": p50 / 1000, "p99": p99 / 1000, "seconds": duration,
        "non2xx": non2xx, "errors": errors, "unexpected": unexpected, "requests": requests,
    }


def fetch(url, timeout=300):
    """One request; returns (status, seconds)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    return status, time.perf_counter() - started


def warm_up(everything):
    """One request per address (connections, caches, PostgreSQL buffers): its duration and ETag."""
    single, etags, seen = {}, {}, {}
    for key, url, _options in everything:
        if url in seen:  # variants of one address (uncached, conditional) share its warm-up
            single[key] = seen[url]
            continue
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=300) as response:
                response.read()
                etags[url] = response.headers.get("ETag", "")
        except urllib.error.HTTPError as error:
            error.read()
        single[key] = seen[url] = time.perf_counter() - started
    return single, etags


def settle(base, limit=180):
    """Wait until the server is idle: wrk drops the requests still running when its time is up, but
    sync workers finish them, and the next measure must not pay for them."""
    deadline = time.monotonic() + limit
    quick = 0
    while quick < 3 and time.monotonic() < deadline:
        _status, seconds = fetch(base + "/healthz", timeout=limit)
        quick = quick + 1 if seconds < 0.05 else 0
        time.sleep(0.2)


def check_datasette_facets(ds_base, url):
    """Datasette's answer really carries the three facets, complete (none timed out)."""
    with urllib.request.urlopen(ds_base + url.replace("/projects/projects?", "/projects/projects.json?"), timeout=120) as response:
        data = json.load(response)
    facets = data.get("facet_results", {})
    facets = facets.get("results", facets)  # Datasette 1.0 nests them
    return sorted(facets), data.get("facets_timed_out", [])


def measure_memory(env, facts):
    if SKIP_MEMORY:
        return []
    env = {**env, "ALLOWED_HOSTS": env["ALLOWED_HOSTS"] + ",testserver"}  # export_memory.py's RequestFactory
    lines = []
    for label, query in ((f"{facts['dep_n']:,} rows", f"departement={facts['dep']}"), (f"{facts['published']:,} rows (all)", "")):
        result = subprocess.run(
            [PYTHON, str(BENCH / "export_memory.py"), "--query", query], cwd=ROOT, env=env,
            capture_output=True, text=True,
        )
        if result.returncode:
            lines.append((label, [f"RSS: failed, {result.stderr.strip().splitlines()[-1:]}"]))
        else:
            lines.append((label, result.stdout.strip().splitlines()))
    return lines


def ms(seconds):
    return "—" if seconds is None else f"{seconds * 1000:,.0f}"


def number(value, decimals=1):
    """A figure for the table: "—" when unknown, two decimals for small rates."""
    if value != value:  # NaN: not recorded
        return "—"
    return f"{value:,.2f}" if 0 < abs(value) < 10 and decimals else f"{value:,.{decimals}f}"


def latency(runs, key, field):
    """Median latency in ms; "none completed" when no request finished within the run."""
    if median_of(runs, key, "rps") == 0:
        return "none completed"
    return number(median_of(runs, key, field))


def median_of(runs, key, field):
    values = [run[key][field] for run in runs if key in run]
    return statistics.median(values) if values else float("nan")


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal")) / 1024 / 1024
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, {platform.system()} {platform.release()}"


def versions(env):
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split(" [")[0]
    ours = shell("import django, gunicorn, psycopg; print(django.get_version(), gunicorn.__version__, psycopg.__version__)", env).split()
    datasette = subprocess.run([DATASETTE, "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return f"Django {ours[0]}, gunicorn {ours[1]}, psycopg {ours[2]}, {wrk_version}, {datasette}; commit {commit}"


def report(facts, runs, memory, env, started):
    cache = "Redis (`CACHE_URL`)" if CACHE_URL else "local memory (per worker)"
    out = [
        f"# Benchmark {datetime.date.today().isoformat()}",
        "",
        f"- command: `BENCH_PROJECTS={PROJECTS} BENCH_RUNS={RUNS} bench/run.sh`"
        + (f" with `CACHE_URL={CACHE_URL}`" if CACHE_URL else ""),
        f"- machine: {machine()}",
        f"- data: PostgreSQL `{DB_NAME}`, {facts['published']:,} published projects "
        f"({PROJECTS:,} generated, seed {SEED}, plus the seed catalogue)",
        f"- server: gunicorn, {WORKERS} sync workers, DEBUG off, cache {cache}, `CONN_MAX_AGE=600`",
        f"- load: wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s per address, after a warm-up; "
        f"{'median of ' + str(len(runs)) + ' runs' if len(runs) > 1 else 'one run'}; "
        f"longer for slow pages (3 × one request × connections ÷ workers, at most {MAX_DURATION} s) so that they "
        "complete a few requests; % = req/s as a share of the plaintext view's in the same run; \"one request\" is the "
        "warm-up request alone, without load",
        f"- versions: {versions(env)}",
        "",
        "Targets from issue 7: uncached list with facets ≥ 10% of plaintext, project page ≥ 40%, cached or "
        "conditional responses ≥ 70%, deep page no slower than page 1, ours ≥ 10× Datasette, no unexpected status. "
        "\"uncached\" rows add a unique `_bench=` parameter to every request so that no response cache answers "
        "(caches of parts of the page, e.g. facet counts, still may).",
        "",
        "| surface | address | req/s | % of plaintext | p50 ms | p99 ms | non-2xx | unexpected status | socket errors"
        " / timeouts | wrk s | one request, ms | target |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for key, label, url, options in facts["surfaces"]:
        if not any(key in run for run in runs):
            out.append(f"| {label} | `{url}` | — | — | — | — | — | — | — | — | — | not measured (no ETag) |")
            continue
        ratio = statistics.median(run[key]["rps"] / run["plaintext"]["rps"] for run in runs if key in run)
        target = TARGETS.get(key)
        if key == "deep":
            page1 = median_of(runs, "list", "rps")
            verdict = "≥ page 1: " + ("met" if median_of(runs, "deep", "rps") >= 0.95 * page1 else "**not met**")
        elif target:
            verdict = f"≥ {target:.0%}: " + ("met" if ratio >= target else "**not met**")
        elif options.get("expect"):
            verdict = f"{options['expect']} expected"
        else:
            verdict = ""
        if options.get("conditional"):
            verdict += " (304 expected)"
        if median_of(runs, key, "unexpected"):
            verdict += " — **unexpected statuses**"
        out.append(
            f"| {label} | `{url}` | {number(median_of(runs, key, 'rps'))} | {ratio:.1%} "
            f"| {latency(runs, key, 'p50')} | {latency(runs, key, 'p99')} | {median_of(runs, key, 'non2xx'):.0f} "
            f"| {median_of(runs, key, 'unexpected'):.0f} | {median_of(runs, key, 'errors'):.0f} "
            f"| {number(median_of(runs, key, 'seconds'), 0)} | {ms(facts['single'].get(key))} | {verdict} |"
        )
    out += [
        "",
        "**Datasette** (the peer a researcher would use) on an SQLite copy of the same published projects "
        f"(`{WORK.name}/projects.db`, immutable mode, facets on region and the JSON arrays of Hlm families and "
        "tenure statuses; facet time limit raised so that facets complete, suggestions off), measured in the same run. "
        "Each is compared with our page showing the same selection and facets, as served and uncached:",
        "",
        "| page | address | req/s | p50 ms | p99 ms | non-2xx | one request, ms | ours ÷ Datasette (as served; uncached) |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for key, label, url, _options in facts["datasette"]:
        theirs = median_of(runs, key, "rps")
        ratios = [median_of(runs, ours, "rps") / theirs if theirs else float("inf") for ours in DATASETTE_PAIRS[key]]
        out.append(
            f"| {label} | `{url}` | {number(theirs)} | {latency(runs, key, 'p50')} | {latency(runs, key, 'p99')} "
            f"| {median_of(runs, key, 'non2xx'):.0f} | {ms(facts['single'].get(key))} "
            f"| {ratios[0]:.2f}×; {ratios[1]:.2f}× (target ≥ 10×: {'met' if min(ratios) >= 10 else '**not met**'}) |"
        )
    facet_names, timed_out = facts["datasette_facets"]
    out += ["", f"Datasette's facets computed: {', '.join(facet_names)}; timed out: {', '.join(timed_out) or 'none'}."]
    if memory:
        out += ["", "**Export memory** (`bench/export_memory.py`, the CSV export through the real view, body read and discarded):", ""]
        for label, lines in memory:
            out.append(f"- {label}: " + " — ".join(line for line in lines if line.startswith(("sent", "RSS"))))
    out += ["", f"Total bench time: {(time.monotonic() - started) / 60:.1f} min.", ""]
    return "\n".join(out)


def main():
    # Stop cleanly (servers included) on Ctrl-C or kill, even when started in the background.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_args: sys.exit(130))
    started = time.monotonic()
    WORK.mkdir(parents=True, exist_ok=True)
    env = django_env()
    log(f"preparing the database ({PROJECTS:,} generated projects)")
    prepare_database(env)
    facts = surfaces(env)
    database = sqlite_copy(env, facts["published"])
    gunicorn = datasette = None
    runs = []
    try:
        gunicorn = start_gunicorn(env)
        datasette = start_datasette(database)
        base, ds_base = f"http://127.0.0.1:{PORT}", f"http://127.0.0.1:{DATASETTE_PORT}"
        everything = [(key, base + url, options) for key, _label, url, options in facts["surfaces"]]
        everything += [(key, ds_base + url, options) for key, _label, url, options in facts["datasette"]]
        log("warming up")
        facts["single"], etags = warm_up(everything)
        facts["datasette_facets"] = check_datasette_facets(ds_base, facts["datasette"][0][2])
        for number in range(1, RUNS + 1):
            run = {}
            for key, url, options in everything:
                etag = etags.get(url, "") if options.get("conditional") else ""
                if options.get("conditional") and not etag:
                    log(f"{key}: no ETag at {url}, skipped")
                    continue
                settle(base)
                run[key] = wrk(url, expect=304 if etag else options.get("expect", 200), bust=options.get("bust", False),
                               etag=etag, duration=duration_for(facts["single"][key]))
                log(f"run {number}/{RUNS} {key}: {run[key]['rps']:.2f} req/s, p99 {run[key]['p99']:.0f} ms, "
                    f"non-2xx {run[key]['non2xx']}, unexpected {run[key]['unexpected']}, errors {run[key]['errors']}")
            runs.append(run)
    finally:
        stop(gunicorn)
        stop(datasette)
    (WORK / "last-run.json").write_text(json.dumps({"facts": facts, "runs": runs}, indent=1))
    finish(env, facts, runs, started)


def finish(env, facts, runs, started):
    """Export memory, then the report (also ``bench.py report`` from bench/.work/last-run.json)."""
    log("export memory")
    memory = measure_memory(env, facts)
    text = report(facts, runs, memory, env, started)
    path = Path(os.environ.get("BENCH_RESULTS") or BENCH / "results" / f"{datetime.date.today().isoformat()}.md")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    print(text)
    log(f"written to {path}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["export-sqlite"]:
        export_sqlite(sys.argv[2])
    elif sys.argv[1:2] == ["report"]:  # the report again from the last measures (e.g. after a crash)
        saved = json.loads((WORK / "last-run.json").read_text())
        finish(django_env(), saved["facts"], saved["runs"], time.monotonic())
    else:
        main()
