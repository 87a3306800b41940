"""The list's default order (French-collated name) from an index that also holds what a page of card
rows reads and the facet keys its filters test, on PostgreSQL.

A page of the list reads keys only (``for_card_rows()``: id, name, slug, delivery year, homes); with
``facet_keys`` (migration 0018) in the same index, « Occitanie, OPH, PLUS » walks the index in name
order, tests each entry's keys and stops at the page's 24 projects, without visiting the table
(an index-only scan: the project rows are wide, one or two per page). A selection too rare for that
walk is still read from the GIN index of the keys: the planner weighs both. Built and the old one
dropped ``CONCURRENTLY``: the table stays writable.
"""

from django.db import migrations

OLD = "project_pub_name_fr"
NEW = "project_pub_name_fr_cover"
COLUMNS = 'name COLLATE "catalogue_fr", id'
INCLUDED = "name, slug, delivery_year, total_homes, facet_keys"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {NEW} ON projects_project ({COLUMNS}) INCLUDE ({INCLUDED}) "
            "WHERE status = 'published'"
        )
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {OLD}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {OLD} ON projects_project ({COLUMNS}) WHERE status = 'published'"
        )
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {NEW}")


class Migration(migrations.Migration):
    atomic = False  # CONCURRENTLY: the table stays writable while the index is built

    dependencies = [("projects", "0018_project_facet_keys")]

    operations = [migrations.RunPython(create, drop, elidable=False, atomic=False)]
