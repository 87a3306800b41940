#!/usr/bin/env bash
# The benchmark (bench/README.md): PostgreSQL database `scale_bench` with BENCH_PROJECTS generated
# projects (reused when present), gunicorn with DEBUG off, wrk on every public surface, Datasette on an
# SQLite copy as the peer, export memory; a markdown table in bench/results/<date>.md.
#
#   bench/run.sh                                  # 100,000 projects, one run
#   BENCH_RUNS=3 bench/run.sh                     # medians of 3 runs
#   CACHE_URL=redis://127.0.0.1:6379/6 bench/run.sh
#   BENCH_GROWTH=1 bench/run.sh                   # 100,000 then 300,000 projects, and the ratio per surface
#
# Other knobs (defaults): BENCH_PROJECTS=100000 BENCH_DB=scale_bench BENCH_PG_URL=postgres://postgres@127.0.0.1:5432
# BENCH_PORT=8640 BENCH_DATASETTE_PORT=8641 BENCH_WORKERS=3 BENCH_DURATION=10 BENCH_CONNECTIONS=6 BENCH_THREADS=1
# BENCH_WORK=bench/.work (git-ignored: Datasette's virtualenv, SQLite copy, static files, logs) BENCH_SKIP_MEMORY=1
# BENCH_RUNS=3 (default) BENCH_UNCACHED_PORT=8642 BENCH_SKIP_DATASETTE=1 BENCH_RESULTS=<file> BENCH_JSON=<file>
set -euo pipefail
cd "$(dirname "$0")/.."
WORK="${BENCH_WORK:-bench/.work}"
mkdir -p "$WORK"

bash scripts/install_wrk.sh
[ -x .venv/bin/python ] || make install
# Datasette lives in its own virtualenv, outside the project's dependencies (never committed).
DATASETTE_VERSION=0.65.5
if [ -z "${BENCH_SKIP_DATASETTE:-}" ] && [ ! -x "$WORK/datasette-venv/bin/datasette" ]; then
  echo "Installing Datasette $DATASETTE_VERSION in $WORK/datasette-venv…"
  python3 -m venv "$WORK/datasette-venv"
  "$WORK/datasette-venv/bin/python" -m pip install --quiet "datasette==$DATASETTE_VERSION"
fi
export BENCH_DATASETTE="$WORK/datasette-venv/bin/datasette"
if [ -n "${BENCH_GROWTH:-}" ]; then exec .venv/bin/python bench/growth.py "$@"; fi
exec .venv/bin/python bench/bench.py "$@"
