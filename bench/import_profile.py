#!/usr/bin/env python
"""Profile the back-office import of N changed rows (issue 19: 1,000 rows in ≤ 3 s).

Downloads N generated projects in the import format (what an editor would re-import), changes
every row (its summary; with ``--new``, its slug and name too, so every row creates a project),
then times parse, validate and apply — in a transaction rolled back at the end, so the database is
left as it was — with
the number of queries and the CPU time of this process (the database's own work is not in it)
of each phase and, with ``--profile``, cProfile's top functions.

    DATABASE_URL=postgres://…/scale_bench .venv/bin/python bench/import_profile.py --rows 1000 [--profile]
"""

import argparse
import cProfile
import csv
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")


class Rollback(Exception):
    pass


def main():
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from backoffice.spreadsheet import apply, parse, spreadsheet_csv, validate
    from projects.models import Project

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--new", action="store_true", help="new projects: each row under a new slug and name")
    options = parser.parse_args()

    ids = list(
        Project.objects.filter(slug__startswith="gen-").order_by("pk").values_list("pk", flat=True)[: options.rows]
    )
    projects = Project.objects.filter(pk__in=ids)
    text = spreadsheet_csv(projects).decode("utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    summary_index = rows[0].index("resume")
    slug_index, name_index = rows[0].index("slug"), rows[0].index("nom")
    for cells in rows[1:]:
        cells[summary_index] = (cells[summary_index] + " (mis à jour)").strip()[:300]
        if options.new:
            cells[slug_index], cells[name_index] = f"{cells[slug_index]}-copie", f"{cells[name_index]} (copie)"
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    data = out.getvalue().encode()
    profiler = cProfile.Profile() if options.profile else None
    timings = {}
    try:
        with transaction.atomic():
            for phase in ("parse", "validate", "apply"):
                with CaptureQueriesContext(connection) as queries:
                    started, cpu_started = time.perf_counter(), time.process_time()
                    if profiler:
                        profiler.enable()
                    if phase == "parse":
                        table = parse(data)
                    elif phase == "validate":
                        plan = validate(table)
                    else:
                        apply(plan)
                    if profiler:
                        profiler.disable()
                    timings[phase] = (
                        time.perf_counter() - started,
                        time.process_time() - cpu_started,
                        len(queries.captured_queries),
                    )
            raise Rollback
    except Rollback:
        pass
    counts = {str(action): count for action, count in plan.counts.items()}
    print(f"rows: {len(rows) - 1}, plan: {counts}, errors: {plan.has_errors}")
    for phase, (seconds, cpu, queries) in timings.items():
        print(f"{phase}: {seconds:.2f} s, {queries} queries (CPU of this process: {cpu:.2f} s)")
    total, cpu_total = sum(t[0] for t in timings.values()), sum(t[1] for t in timings.values())
    print(f"total: {total:.2f} s (CPU of this process: {cpu_total:.2f} s)")
    if profiler:
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(30)
        print(stream.getvalue())


if __name__ == "__main__":
    main()
