#!/usr/bin/env python
"""Peak memory (RSS) of one full export against the configured database.

    .venv/bin/python bench/export_memory.py                      # CSV of every published project
    .venv/bin/python bench/export_memory.py --format geojson --query "statut=psla"
    .venv/bin/python bench/export_memory.py --synthetic 100000   # + 100,000 minimal projects, rolled back

The database is the one the settings use (``DATABASE_URL``; SQLite by default). The export runs
through the real view and its streamed body is read and thrown away, as a slow client would.
``--synthetic N`` first adds N minimal published projects (the test factory of
``tests/opendata/factories.py``) inside a transaction that is rolled back at the end; to measure a
generated catalogue instead (``manage.py generate_projects``), leave it out.

Prints the rows per second (wall clock, and per second of this process's CPU: the figure that
does not depend on what else runs on the machine; JSON rows are counted as lines) and the
process's peak resident memory before and after the export: a streamed export adds the same
few megabytes whatever the number of projects.

    .venv/bin/python bench/export_memory.py --format facts-csv   # the facts table (/projets/faits.csv)
    .venv/bin/python bench/export_memory.py --profile tottime     # + cProfile's top functions (slower)
    .venv/bin/python bench/export_memory.py --runs 2              # twice: the projects CSV's second run
                                                                  # reads its rows' lines from the cache
"""

import argparse
import cProfile
import io
import os
import pstats
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")


def _status_mb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    raise LookupError(field)


def reset_peak_rss():
    """Forget the peak so far (Linux), after handing freed memory back, so the peak read after the
    export is the export's own. Returns False where the peak cannot be reset."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def current_rss_mb():
    return _status_mb("VmRSS")


def peak_rss_mb():
    try:
        return _status_mb("VmHWM")
    except (OSError, LookupError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", choices=("csv", "json", "geojson", "facts-csv", "facts-json"), default="csv")
    parser.add_argument("--query", default="", help="list filters, e.g. 'statut=psla&region=occitanie'")
    parser.add_argument("--synthetic", type=int, default=0, help="add N minimal projects first (rolled back)")
    parser.add_argument(
        "--profile", choices=("cumulative", "tottime"), help="profile the export (cProfile), top functions by this"
    )
    parser.add_argument(
        "--runs", type=int, default=1, help="export N times (the projects CSV: the first run fills its row cache)"
    )
    options = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    # As in production: with DEBUG on, Django keeps the text of the last 9,000 queries in memory.
    settings.DEBUG = False
    from django.core.signals import request_finished
    from django.db import close_old_connections, connection, transaction
    from django.test import RequestFactory
    from django.utils import translation

    from projects.models import Project

    # A response's close() ends its "request", which would close the connection of the transaction
    # the runs share (and roll back ``--synthetic``'s projects before the next run).
    request_finished.disconnect(close_old_connections)
    with transaction.atomic():
        if options.synthetic:
            from tests.factories import make_minimal_projects

            started = time.perf_counter()
            make_minimal_projects(options.synthetic, prefix="bench")
            print(f"added {options.synthetic:,} minimal projects in {time.perf_counter() - started:.1f} s")
        published = Project.objects.published().count()
        translation.activate("fr")
        facts = options.format.startswith("facts-")
        fmt = options.format.removeprefix("facts-")
        url = f"/projets/{'faits' if facts else 'export'}.{fmt}" + (f"?{options.query}" if options.query else "")
        request = RequestFactory().get(url)
        runs = [export_once(request, facts, fmt, url, options.profile) for _ in range(options.runs)]
        transaction.set_rollback(True)

    print(f"database: {connection.vendor}; published projects: {published:,}; export: {url}")
    for number, (sent, lines, elapsed, cpu, reset, before, after, profiler) in enumerate(runs, start=1):
        rows = lines - 1  # the header
        run = f"run {number}: " if len(runs) > 1 else ""
        print(f"{run}sent {sent / 1e6:.1f} MB ({lines:,} lines) in {elapsed:.1f} s")
        print(
            f"{run}rows/s: {rows / elapsed:,.0f} (wall clock); {rows / cpu:,.0f} per second of this process's CPU "
            f"({cpu:.1f} s; the database's work is not counted); load average {os.getloadavg()[0]:.1f}"
        )
        peak = "peak RSS during the export" if reset else "peak RSS of the process (could not be reset)"
        print(f"{run}RSS before the export: {before:.1f} MB; {peak}: {after:.1f} MB (+{after - before:.1f} MB)")
        if profiler:
            stream = io.StringIO()
            stats = pstats.Stats(profiler, stream=stream).sort_stats(options.profile)
            stats.print_stats(40)
            print(stream.getvalue())


def export_once(request, facts, fmt, url, profile):
    """One export through the real view, its body read and discarded: (bytes, lines, wall s, CPU s,
    peak reset?, RSS before, peak RSS, profiler)."""
    from opendata.views import export, facts_export

    reset = reset_peak_rss()
    before = current_rss_mb()
    started = time.perf_counter()
    cpu_started = time.process_time()
    profiler = cProfile.Profile(time.process_time) if profile else None  # CPU, not waits
    if profiler:
        profiler.enable()
    response = (facts_export if facts else export)(request, fmt=fmt)
    if response.status_code != 200:
        sys.exit(f"{url}: HTTP {response.status_code} {response.content.decode()[:300]}")
    sent = lines = 0
    for chunk in response.streaming_content:
        sent += len(chunk)
        lines += chunk.count(b"\n")
    response.close()
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    return sent, lines, elapsed, cpu, reset, before, peak_rss_mb(), profiler


if __name__ == "__main__":
    main()
