"""The benchmark's markdown report: throughput and latency per surface, machine and versions."""

import datetime
import os
import platform
import statistics
import subprocess
import time
from pathlib import Path

from explain import explain_markdown
from runner import (
    CACHE_URL,
    CONNECTIONS,
    DATASETTE,
    DB_NAME,
    DURATION,
    ONLY,
    PROJECTS,
    ROOT,
    RUNS,
    SEED,
    THREADS,
    WORK,
    WORKERS,
    shell,
)
from surfaces import DATASETTE_PAIRS, MAX_DURATION, TARGETS


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
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = (
        next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        / 1024
        / 1024
    )
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, {platform.system()} {platform.release()}"


def versions(env):
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split(" [")[0]
    ours = shell(
        "import django, gunicorn, psycopg; print(django.get_version(), gunicorn.__version__, psycopg.__version__)", env
    ).split()
    try:
        datasette = subprocess.run([DATASETTE, "--version"], capture_output=True, text=True).stdout.strip()
    except FileNotFoundError:
        datasette = "Datasette not installed"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return f"Django {ours[0]}, gunicorn {ours[1]}, psycopg {ours[2]}, {wrk_version}, {datasette}; commit {commit}"


def report(facts, runs, memory, env, started):
    cache = "Redis (`CACHE_URL`)" if CACHE_URL else "local memory (per worker)"
    out = [
        f"# Benchmark {datetime.date.today().isoformat()}",
        "",
        f"- command: `BENCH_PROJECTS={PROJECTS} BENCH_DB={DB_NAME} BENCH_RUNS={RUNS} bench/run.sh`"
        + (f" with `CACHE_URL={CACHE_URL}`" if CACHE_URL else "")
        + (f" and `BENCH_ONLY={','.join(sorted(ONLY))}` (a subset of the surfaces, no Datasette)" if ONLY else ""),
        f"- machine: {machine()}",
        f"- data: PostgreSQL `{DB_NAME}`, {facts['published']:,} published projects "
        f"({PROJECTS:,} generated, seed {SEED}, plus the seed catalogue)",
        f"- server: gunicorn, {WORKERS} sync workers, DEBUG off, cache {cache}, `CONN_MAX_AGE=600`",
        f"- load: wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s per address, after a warm-up; "
        f"{'median of ' + str(len(runs)) + ' runs' if len(runs) > 1 else 'one run'}; "
        f"longer for slow pages (3 × one request × connections ÷ workers, at most {MAX_DURATION} s) so that they "
        'complete a few requests; % = req/s as a share of the plaintext view\'s in the same run; "one request" is the '
        "warm-up request alone, without load",
        f"- versions: {versions(env)}",
        "",
        "Targets from issue 19: cached pages ≥ 70% of plaintext, 304 ≥ 80%, unknown parameters as the cached page, "
        "uncached list (with facets, or 2 filters + search) ≥ 10%, project page uncached ≥ 15%, statistics and map "
        'uncached ≥ 5%, ours ≥ 10× Datasette, no unexpected status. "uncached" rows are served by a second gunicorn '
        "with the page cache off (`PAGE_CACHE_SECONDS=0`; caches of parts of the page, e.g. facet counts, still "
        'answer); the "unknown parameters" row adds a unique `_bench=` to every request of the cached server.',
        "",
        "Load average (1, 5, 15 min) before → after each run: "
        + "; ".join(
            f"run {number}: {run['_load']['before']} → {run['_load'].get('after')}"
            for number, run in enumerate(runs, start=1)
            if "_load" in run
        )
        + ".",
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
        elif key == "list_unknown_params" and any("list" in run for run in runs):
            page = median_of(runs, "list", "rps")
            share = median_of(runs, key, "rps") / page if page else 0
            verdict = f"{share:.0%} of the cached page (± 10%): " + ("met" if share >= 0.9 else "**not met**")
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
        "| page | address | req/s | p50 ms | p99 ms | non-2xx | one request, ms "
        "| ours ÷ Datasette (as served; uncached) |",
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
    if facts["datasette"]:
        out += [
            "",
            f"Datasette's facets computed: {', '.join(facet_names)}; timed out: {', '.join(timed_out) or 'none'}.",
        ]
    else:
        out += ["", "Datasette not measured (`BENCH_SKIP_DATASETTE=1`)."]
    if memory:
        out += [
            "",
            "**Export memory and speed** (`bench/export_memory.py --runs 2`, the CSV export through the real view "
            "twice: the first computes the rows not yet in the row cache, the second reads their lines; "
            "body read and discarded):",
            "",
        ]
        for label, lines in memory:
            out.append(
                f"- {label}: "
                + " — ".join(line for line in lines if line.startswith(("sent", "RSS", "rows/s", "run ")))
            )
    out += explain_markdown(facts.get("explain", []))
    out += ["", f"Total bench time: {(time.monotonic() - started) / 60:.1f} min.", ""]
    return "\n".join(out)
