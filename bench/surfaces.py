"""The surfaces the benchmark measures, and the measuring: warm-up, wrk runs, export memory."""

import json
import os
import subprocess
import time
import urllib.request

from runner import BENCH, CONNECTIONS, DURATION, PYTHON, ROOT, SKIP_MEMORY, THREADS, WORK, WORKERS, shell

# wrk's Lua hooks: count non-2xx and unexpected statuses (args: expected status, "bust" to add a unique
# unknown parameter to each request — the canonical query drops it, so the cached entry must answer —
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


FILTERED = "/projets/?region=auvergne-rhone-alpes&statut=psla&q=jardins"
THREE_FILTERS = "/projets/?region=occitanie&famille_hlm=OPH&statut=plus"
DS_FACETS = "/projects/projects?_facet=region&_facet_array=famille_hlm&_facet_array=statut"
# Ours ÷ Datasette: each Datasette page against our page showing the same selection and facets.
DATASETTE_PAIRS = {"ds_table": ("list", "list_uncached"), "ds_filtered": ("facets_ours", "facets_ours_uncached")}
# Issue 7's targets, as shares of the plaintext view's req/s in the same run.
# Issue 19's targets (the cached ones replace issue 7's).
TARGETS = {
    "list_filtered_uncached": 0.10,
    "facets_ours_uncached": 0.10,
    "list_uncached": 0.10,
    "project_uncached": 0.15,
    "project": 0.70,
    "list": 0.70,
    "list_conditional": 0.80,
    "list_filtered": 0.70,
    "facets_ours": 0.70,
    "map": 0.70,
    "stats": 0.70,
    "map_uncached": 0.05,
    "stats_uncached": 0.05,
    "organism_uncached": 0.05,
    "department_uncached": 0.05,
    "region_uncached": 0.05,
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
            "from geo.models import Department\n"
            "from organisms.models import Organism\n"
            "department = Department.objects.select_related('region').get(code=dep['commune__department__code'])\n"
            "organism = Organism.objects.annotate(n=Count('roles__project', distinct=True))"
            ".order_by('-n', 'slug').first()\n"
            "print(json.dumps({'project': project.slug, 'published': p.count(),"
            " 'css': staticfiles_storage.url('css/site.css'),"
            " 'dep': dep['commune__department__code'], 'dep_n': dep['n'],"
            " 'department': department.slug, 'region': department.region.slug,"
            " 'organism': organism.slug, 'organism_n': organism.n}))",
            env,
        )
    )
    # key, label, address, options: expect (status), uncached (served by the second gunicorn, page cache
    # off: no whole-response cache answers), bust (a unique unknown parameter per request: the cached
    # entry of the canonical address must answer as fast as the clean address), conditional (send the
    # ETag got at warm-up: 304 expected).
    facts["surfaces"] = [
        ("plaintext", "plaintext view `/healthz` (reference)", "/healthz", {}),
        ("static", "static file (WhiteNoise)", facts["css"], {}),
        ("list", "list, page 1 (facets)", "/projets/", {}),
        ("list_uncached", "list, page 1, uncached (page cache off)", "/projets/", {"uncached": True}),
        (
            "list_unknown_params",
            "list, page 1, unknown parameters (a unique `_bench=` each time)",
            "/projets/?utm_source=bench",
            {"bust": True},
        ),
        ("list_conditional", "list, page 1, conditional (If-None-Match)", "/projets/", {"conditional": True}),
        ("list_filtered", "list, 2 filters + text search", FILTERED, {}),
        ("list_filtered_uncached", "list, 2 filters + text search, uncached", FILTERED, {"uncached": True}),
        ("deep", "list, deep page", os.environ.get("BENCH_DEEP_URL", "/projets/?page=200"), {}),
        ("project", "project page", f"/projets/{facts['project']}/", {}),
        ("project_uncached", "project page, uncached", f"/projets/{facts['project']}/", {"uncached": True}),
        ("map", "map (choropleth)", "/territoires/carte/", {}),
        ("map_uncached", "map, uncached", "/territoires/carte/", {"uncached": True}),
        (
            "organism_uncached",
            f"organism page ({facts['organism_n']:,} projects), uncached",
            f"/organismes/{facts['organism']}/",
            {"uncached": True},
        ),
        (
            "department_uncached",
            f"département page ({facts['dep_n']:,} projects), uncached",
            f"/territoires/departements/{facts['department']}/",
            {"uncached": True},
        ),
        ("region_uncached", "region page, uncached", f"/territoires/regions/{facts['region']}/", {"uncached": True}),
        ("stats", "statistics", "/statistiques/", {}),
        ("stats_uncached", "statistics, uncached", "/statistiques/", {"uncached": True}),
        (
            "search_misspelt_uncached",
            "list, misspelt search (corrected), uncached",
            "/projets/?q=vileurbanne",
            {"uncached": True},
        ),
        ("api", "API list", "/api/v1/projets/", {}),
        (
            "csv",
            f"CSV export, {facts['dep_n']:,} rows (dép. {facts['dep']})",
            f"/projets/export.csv?departement={facts['dep']}",
            {},
        ),
        ("404", "malformed URL (deliberate 404)", "/projets/%C0%AE%C0%AE/", {"expect": 404}),
        ("facets_ours", "list, the 3 facets' filters (region + family + status)", THREE_FILTERS, {}),
        ("facets_ours_uncached", "list, the 3 facets' filters, uncached", THREE_FILTERS, {"uncached": True}),
    ]
    facts["datasette"] = [
        ("ds_table", "Datasette table, 3 facets", DS_FACETS, {}),
        (
            "ds_filtered",
            "Datasette, the same 3 filters, 3 facets",
            DS_FACETS.replace("?", "?region=Occitanie&famille_hlm__arraycontains=OPH&statut__arraycontains=PLUS&"),
            {},
        ),
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
        [
            "wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{duration}s",
            "--timeout",
            f"{max(60, duration)}s",
            "-s",
            str(script),
            url,
            "--",
            str(expect),
            "bust" if bust else "-",
            etag,
        ],
        capture_output=True,
        text=True,
        timeout=duration + 90,
    )
    line = next((line for line in result.stdout.splitlines() if line.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk {url}: {result.stdout}{result.stderr}")
    requests, duration_us, p50, p99, non2xx, errors, unexpected = (int(value) for value in line.split()[1:])
    return {
        "rps": requests / (duration_us / 1e6),
        "p50": p50 / 1000,
        "p99": p99 / 1000,
        "seconds": duration,
        "non2xx": non2xx,
        "errors": errors,
        "unexpected": unexpected,
        "requests": requests,
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
    with urllib.request.urlopen(
        ds_base + url.replace("/projects/projects?", "/projects/projects.json?"), timeout=120
    ) as response:
        data = json.load(response)
    facets = data.get("facet_results", {})
    facets = facets.get("results", facets)  # Datasette 1.0 nests them
    return sorted(facets), data.get("facets_timed_out", [])


def measure_memory(env, facts):
    if SKIP_MEMORY:
        return []
    env = {**env, "ALLOWED_HOSTS": env["ALLOWED_HOSTS"] + ",testserver"}  # export_memory.py's RequestFactory
    lines = []
    for label, query in (
        (f"{facts['dep_n']:,} rows", f"departement={facts['dep']}"),
        (f"{facts['published']:,} rows (all)", ""),
    ):
        result = subprocess.run(
            [PYTHON, str(BENCH / "export_memory.py"), "--query", query, "--runs", "2"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            lines.append((label, [f"RSS: failed, {result.stderr.strip().splitlines()[-1:]}"]))
        else:
            lines.append((label, result.stdout.strip().splitlines()))
    return lines
