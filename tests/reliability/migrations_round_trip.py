"""Run by test_migrations_reverse.py in a scratch database: every local app migrates to zero
(dependent apps first, so each migration is reversed once), then everything migrates forward
again. Prints the schemas and what was left at each step, as JSON."""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.migrations.loader import MigrationLoader  # noqa: E402


def schema():
    """Tables with their columns, indexes and constraints, and (SQLite) triggers."""
    with connection.cursor() as cursor:
        tables = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            columns = [column.name for column in connection.introspection.get_table_description(cursor, table)]
            constraints = connection.introspection.get_constraints(cursor, table)
            tables[table] = {
                "columns": columns,
                "constraints": sorted(
                    f"{name}:{','.join(c['columns'] or [])}:{c['unique']}:{c['primary_key']}:{c['check']}"
                    for name, c in constraints.items()
                ),
            }
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname")
        triggers = [row[0] for row in cursor.fetchall()]
    return {"tables": tables, "triggers": triggers}


def dependents_first(apps):
    """The apps ordered so that an app comes before the apps its migrations depend on."""
    graph = MigrationLoader(connection).graph
    needs = {app: set() for app in apps}
    for (app, _name), node in graph.node_map.items():
        if app in needs:
            needs[app] |= {parent.key[0] for parent in node.parents if parent.key[0] in needs} - {app}
    order, remaining = [], set(apps)
    while remaining:
        free = sorted(app for app in remaining if not any(app in needs[other] for other in remaining - {app}))
        app = (free or sorted(remaining))[0]  # a cycle between apps: migrate zero unapplies the rest anyway
        order.append(app)
        remaining.remove(app)
    return order


apps = sys.argv[1:]
call_command("migrate", verbosity=0, interactive=False)
before = schema()
steps = []
for app in dependents_first(apps):
    call_command("migrate", app, "zero", verbosity=0, interactive=False)
    steps.append({"app": app, "tables_left": sorted(schema()["tables"])})
call_command("migrate", verbosity=0, interactive=False)
print(json.dumps({"before": before, "steps": steps, "after": schema()}))
