"""PostgreSQL search: accent-insensitive French full-text configuration and indexes.

SQLite needs nothing: it searches the normalised ``search_document`` directly.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent;",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$;
    """,
    # Same expression as django.contrib.postgres SearchVector("search_document", config="french_unaccent").
    """
    CREATE INDEX IF NOT EXISTS project_search_document_fts ON projects_project
    USING gin (to_tsvector('french_unaccent'::regconfig, COALESCE(search_document, '')));
    """,
    "CREATE INDEX IF NOT EXISTS project_search_names_trgm ON projects_project USING gin (search_names gin_trgm_ops);",
    "CREATE INDEX IF NOT EXISTS project_search_document_trgm ON projects_project USING gin (search_document gin_trgm_ops);",
]
BACKWARD = [
    "DROP INDEX IF EXISTS project_search_document_trgm;",
    "DROP INDEX IF EXISTS project_search_names_trgm;",
    "DROP INDEX IF EXISTS project_search_document_fts;",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_tenure_sum_triggers")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
