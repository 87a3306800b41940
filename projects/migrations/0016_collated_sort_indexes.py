"""Indexes for the public sorts of published projects on PostgreSQL.

The list sorts names with the French collation (``name COLLATE catalogue_fr``, common/collation.py),
which the plain (status, name) index cannot serve: at 100,000 projects page 1 of the list read and
sorted every published row (≈ 0.5 s). One partial index per sort order of the list
(projects/filters/filterset.py ``ORDERINGS``): name, delivery year and number of homes, each way,
with the name and the id as tie-breakers, exactly as the ORDER BY writes them. SQLite sorts its
small catalogue in memory (no index: an index on a collation registered per connection would fail
in any tool that opens the file without it).
"""

from django.db import migrations

NAME = 'name COLLATE "catalogue_fr"'
INDEXES = {
    "project_pub_name_fr": f"{NAME}, id",
    "project_pub_name_fr_desc": f"{NAME} DESC, id",
    "project_pub_year_name": f"delivery_year ASC NULLS LAST, {NAME}, id",
    "project_pub_year_desc_name": f"delivery_year DESC NULLS LAST, {NAME}, id",
    "project_pub_homes_name": f"total_homes ASC NULLS LAST, {NAME}, id",
    "project_pub_homes_desc_name": f"total_homes DESC NULLS LAST, {NAME}, id",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON projects_project ({columns}) WHERE status = 'published'"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0015_merge_0010_search_indexes_0014_merge_20261202_1158")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
