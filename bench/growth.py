#!/usr/bin/env python
"""Growth: the benchmark at 100,000 then 300,000 projects, and for every surface the ratio to
plaintext at 300,000 divided by the ratio at 100,000 (target ≥ 0.8: flat growth).

Each scale has its own PostgreSQL database (``scale_bench`` and ``scale_bench_300k`` by default),
so a generation is reused when present (``generate_projects --total`` adds only what is missing).
Each scale writes its own results file; this one writes ``bench/results/<date>-growth.md``.

    BENCH_GROWTH=1 bench/run.sh                 # both scales, BENCH_RUNS runs each
    BENCH_GROWTH_SCALES=100000:scale_bench,300000:scale_bench_300k BENCH_GROWTH=1 bench/run.sh
    python bench/growth.py report               # the growth table again from the two saved runs
"""

import datetime
import json
import os
import statistics
import subprocess
import sys

from runner import BENCH, PYTHON, WORK, log

SCALES = [
    (int(size), name)
    for size, name in (
        part.split(":")
        for part in os.environ.get("BENCH_GROWTH_SCALES", "100000:scale_bench,300000:scale_bench_300k").split(",")
    )
]
TARGET = 0.8


def saved(size):
    return WORK / f"last-run-{size}.json"


def ratios(path):
    """{surface: (label, median ratio to plaintext)} of one saved run."""
    data = json.loads(path.read_text())
    result = {}
    labels = {key: label for key, label, _url, _options in data["facts"]["surfaces"]}
    for key, label in labels.items():
        values = [
            run[key]["rps"] / run["plaintext"]["rps"] for run in data["runs"] if key in run and run["plaintext"]["rps"]
        ]
        if values:
            result[key] = (label, statistics.median(values))
    return result, data["facts"]["published"]


def growth_report():
    (small, _), (large, _) = SCALES[0], SCALES[-1]
    before, published_small = ratios(saved(small))
    after, published_large = ratios(saved(large))
    out = [
        f"# Growth {datetime.date.today().isoformat()}: {small:,} → {large:,} generated projects",
        "",
        f"Published: {published_small:,} and {published_large:,}. Ratio = (req/s ÷ plaintext req/s at {large:,}) ÷ "
        f"(the same at {small:,}); ≥ {TARGET} means the surface's cost grows no faster than the server's reference "
        "(flat growth). Medians of each scale's runs.",
        "",
        f"| surface | % of plaintext at {small:,} | % at {large:,} | ratio | target ≥ {TARGET} |",
        "|---|---:|---:|---:|---|",
    ]
    for key, (label, ratio_small) in before.items():
        if key not in after or key == "plaintext":
            continue
        ratio_large = after[key][1]
        growth = ratio_large / ratio_small if ratio_small else float("nan")
        verdict = "met" if growth >= TARGET else "**not met**"
        out.append(f"| {label} | {ratio_small:.1%} | {ratio_large:.1%} | {growth:.2f} | {verdict} |")
    text = "\n".join(out) + "\n"
    path = BENCH / "results" / f"{datetime.date.today().isoformat()}-growth.md"
    path.write_text(text)
    print(text)
    log(f"written to {path}")


def main():
    for size, database in SCALES:
        log(f"scale {size:,} (database {database})")
        env = {
            **os.environ,
            "BENCH_PROJECTS": str(size),
            "BENCH_DB": database,
            "BENCH_JSON": str(saved(size)),
            "BENCH_RESULTS": str(BENCH / "results" / f"{datetime.date.today().isoformat()}-{size // 1000}k.md"),
        }
        subprocess.run([PYTHON, str(BENCH / "bench.py")], env=env, check=True)
    growth_report()


if __name__ == "__main__":
    if sys.argv[1:2] == ["report"]:
        growth_report()
    else:
        main()
