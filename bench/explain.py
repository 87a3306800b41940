"""EXPLAIN ANALYZE of the searches the benchmark measures, for its results file.

For each search: how it is answered (full text, substring or corrected spelling, and the time
``plan_search`` took), then the PostgreSQL plans, executed (ANALYZE, BUFFERS), of the plan's
EXISTS, the page's rows and the facet counts' one statement (projects/filters/counts.py). Run on
the benchmark's database after the load (its buffers are warm, as a busy site's).
"""

import json

from runner import shell

SEARCHES = [
    ("2 filters + text search (the measured list)", "region=auvergne-rhone-alpes&statut=psla&q=jardins"),
    ("text search alone, a common word", "q=lille"),
    ("text search, two words", "q=habitat+jardins"),
    ("misspelt commune (corrected spelling)", "q=vileurbanne"),
    ("inside a word (substring fallback)", "q=ardin"),
]

CODE = """
import json, time
from django.db import connection
from django.http import QueryDict
from caching.version import request_version
from projects.filters import ProjectFilter
from projects.filters.counts import counts_sql
from projects.models import Project
from projects.search.fulltext import full_text

out = []
with request_version():
    for label, query in json.loads(%r):
        f = ProjectFilter(QueryDict(query), queryset=Project.objects.published())
        started = time.perf_counter()
        plan = f.search_plan
        plan_ms = (time.perf_counter() - started) * 1000
        exists = full_text(Project.objects.published(), list(plan.words), connection.vendor)
        entry = {"label": label, "query": query, "mode": plan.mode, "words": list(plan.words),
                 "suggestion": plan.suggestion, "plan_ms": round(plan_ms, 1)}
        for name, qs in (("full-text EXISTS", exists.order_by()[:1]), ("page of 24 cards", f.qs.for_cards()[:24]),
                         ("facet counts (one statement)", None)):
            try:
                if qs is None:
                    sql, params = counts_sql(f)
                    with connection.cursor() as cursor:
                        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                        entry[name] = "\\n".join(row[0] for row in cursor.fetchall())
                else:
                    entry[name] = qs.explain(analyze=True, buffers=True)
            except Exception as error:
                entry[name] = f"not explained: {type(error).__name__}: {error}"
        out.append(entry)
print(json.dumps(out))
"""


def explain_searches(env):
    """[{label, query, mode, words, suggestion, plan_ms, <query name>: plan text}]."""
    try:
        return json.loads(shell(CODE % json.dumps(SEARCHES), env))
    except Exception as error:  # the report says so rather than losing the run
        return [{"label": "EXPLAIN failed", "query": "", "mode": "", "error": repr(error)}]


def explain_markdown(entries):
    out = ["", "## EXPLAIN ANALYZE of the searches", ""]
    for entry in entries:
        if "error" in entry:
            out += [f"EXPLAIN failed: `{entry['error']}`", ""]
            continue
        how = entry["mode"] + (f" → « {entry['suggestion']} »" if entry.get("suggestion") else "")
        out += [
            f"### {entry['label']}: `?{entry['query']}`",
            "",
            f"Answered by: {how}; plan_search {entry['plan_ms']} ms.",
            "",
        ]
        for name in ("full-text EXISTS", "page of 24 cards", "facet counts (one statement)"):
            out += [f"{name}:", "", "```", entry.get(name, "—"), "```", ""]
    return out
