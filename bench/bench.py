#!/usr/bin/env python
"""The benchmark's driver (``bench/run.sh`` sets up and calls it): see bench/README.md.

Steps: database (create, migrate, load the seeds, generate BENCH_PROJECTS projects: reused when
present) → collectstatic → gunicorn (DEBUG off, sync workers) → SQLite copy for Datasette →
warm-up → wrk on every surface, BENCH_RUNS times (3 by default; the load average recorded before
and after each run; "uncached" surfaces on a second gunicorn with the page cache off) → EXPLAIN
ANALYZE of the searches → export memory → a markdown table, printed and
written to bench/results/<date>.md. Every request goes to 127.0.0.1 and every wrk run is bounded
(BENCH_DURATION seconds).

    python bench/bench.py                      # everything (run.sh is the documented entry point)
    python bench/bench.py export-sqlite FILE   # only the Datasette copy of the configured database
"""

import datetime
import json
import os
import signal
import sys
import time
from pathlib import Path

from database import export_sqlite, prepare_database, sqlite_copy
from explain import explain_searches
from report import report
from runner import (
    BENCH,
    DATASETTE_PORT,
    ONLY,
    PORT,
    PROJECTS,
    RUNS,
    SKIP_DATASETTE,
    UNCACHED_PORT,
    WORK,
    django_env,
    load_average,
    log,
    start_datasette,
    start_gunicorn,
    stop,
)
from surfaces import check_datasette_facets, duration_for, measure_memory, settle, surfaces, warm_up, wrk


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
    if ONLY:
        facts["surfaces"] = [surface for surface in facts["surfaces"] if surface[0] in ONLY | {"plaintext"}]
    database = None if SKIP_DATASETTE or ONLY else sqlite_copy(env, facts["published"])
    gunicorn = uncached = datasette = None
    runs = []
    try:
        gunicorn = start_gunicorn(env)
        # The same code and data with the page cache off: the "uncached" surfaces.
        uncached = start_gunicorn({**env, "PAGE_CACHE_SECONDS": "0"}, UNCACHED_PORT, "gunicorn-uncached.log")
        base, ds_base = f"http://127.0.0.1:{PORT}", f"http://127.0.0.1:{DATASETTE_PORT}"
        uncached_base = f"http://127.0.0.1:{UNCACHED_PORT}"
        everything = [
            (key, (uncached_base if options.get("uncached") else base) + url, options)
            for key, _label, url, options in facts["surfaces"]
        ]
        if SKIP_DATASETTE or ONLY:  # Datasette is compared with surfaces a subset may leave out
            facts["datasette"] = []
        else:
            datasette = start_datasette(database)
            everything += [(key, ds_base + url, options) for key, _label, url, options in facts["datasette"]]
        log("warming up")
        facts["single"], etags = warm_up(everything)
        facts["datasette_facets"] = (
            ([], []) if SKIP_DATASETTE or ONLY else check_datasette_facets(ds_base, facts["datasette"][0][2])
        )
        for number in range(1, RUNS + 1):
            settle(base)
            run = {"_load": {"before": load_average()}}
            for key, url, options in everything:
                etag = etags.get(url, "") if options.get("conditional") else ""
                if options.get("conditional") and not etag:
                    log(f"{key}: no ETag at {url}, skipped")
                    continue
                settle(base)
                settle(uncached_base)
                run[key] = wrk(
                    url,
                    expect=304 if etag else options.get("expect", 200),
                    bust=options.get("bust", False),
                    etag=etag,
                    duration=duration_for(facts["single"][key]),
                )
                log(
                    f"run {number}/{RUNS} {key}: {run[key]['rps']:.2f} req/s, p99 {run[key]['p99']:.0f} ms, "
                    f"non-2xx {run[key]['non2xx']}, unexpected {run[key]['unexpected']}, errors {run[key]['errors']}"
                )
            run["_load"]["after"] = load_average()
            log(f"run {number}/{RUNS}: load average before {run['_load']['before']}, after {run['_load']['after']}")
            runs.append(run)
    finally:
        stop(gunicorn)
        stop(uncached)
        stop(datasette)
    log("EXPLAIN ANALYZE of the searches")
    facts["explain"] = explain_searches(env)
    Path(os.environ.get("BENCH_JSON") or WORK / "last-run.json").write_text(
        json.dumps({"facts": facts, "runs": runs}, indent=1)
    )
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
        saved = json.loads(Path(os.environ.get("BENCH_JSON") or WORK / "last-run.json").read_text())
        finish(django_env(), saved["facts"], saved["runs"], time.monotonic())
    else:
        main()
