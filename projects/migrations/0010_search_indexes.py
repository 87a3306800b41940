"""Search from indexes on both databases (projects/search/fulltext.py).

PostgreSQL: a stored generated ``search_vector`` column (name weight A, ``search_names`` B,
``search_document`` C) under a GIN index, replacing the expression index of 0003 (whose vector
was computed again for every ranked row). ``to_tsvector(regconfig, text)`` is immutable, and
the ``french_unaccent`` configuration (0003) strips accents through its unaccent dictionary, so
the column may be generated (``unaccent()`` itself is not immutable). The column is not a Django
field: the ORM never writes it. Changing the type of ``name``, ``search_names`` or
``search_document`` later needs the column dropped first.

SQLite: an FTS5 table (rowid = project id), filled here from the texts already computed and then
kept by the one writer ``projects.search.index.refresh_search_text``.
"""

from django.db import migrations

PG_FORWARD = [
    """
    ALTER TABLE projects_project ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('french_unaccent'::regconfig, coalesce(name, '')), 'A')
        || setweight(to_tsvector('french_unaccent'::regconfig, coalesce(search_names, '')), 'B')
        || setweight(to_tsvector('french_unaccent'::regconfig, coalesce(search_document, '')), 'C')
    ) STORED;
    """,
    "CREATE INDEX IF NOT EXISTS project_search_vector_gin ON projects_project USING gin (search_vector);",
    "DROP INDEX IF EXISTS project_search_document_fts;",
]
PG_BACKWARD = [
    """
    CREATE INDEX IF NOT EXISTS project_search_document_fts ON projects_project
    USING gin (to_tsvector('french_unaccent'::regconfig, COALESCE(search_document, '')));
    """,
    "DROP INDEX IF EXISTS project_search_vector_gin;",
    "ALTER TABLE projects_project DROP COLUMN IF EXISTS search_vector;",
]
SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS projects_project_fts
    USING fts5(name, names, document, tokenize = 'unicode61 remove_diacritics 2');
    """,
    """
    INSERT INTO projects_project_fts (rowid, name, names, document)
    SELECT id, name, search_names, search_document FROM projects_project;
    """,
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS projects_project_fts;"]


def run(postgresql, sqlite):
    def apply(apps, schema_editor):
        statements = {"postgresql": postgresql, "sqlite": sqlite}.get(schema_editor.connection.vendor, [])
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("projects", "0009_fact_certainty")]

    operations = [migrations.RunPython(run(PG_FORWARD, SQLITE_FORWARD), run(PG_BACKWARD, SQLITE_BACKWARD))]
