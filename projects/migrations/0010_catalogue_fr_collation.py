"""The French collation names are sorted with on PostgreSQL (common/collation.py).

ICU when the server has it (Debian's and most builds do), else the server's default collation
(names then sort as before, nothing fails). SQLite registers the same name per connection. No
table changes.
"""

from django.db import migrations

CREATE = """
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'catalogue_fr') THEN
    BEGIN
      CREATE COLLATION catalogue_fr (provider = icu, locale = 'fr-FR');
    EXCEPTION WHEN OTHERS THEN
      CREATE COLLATION catalogue_fr FROM "default";
    END;
  END IF;
END
$$;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP COLLATION IF EXISTS catalogue_fr")


class Migration(migrations.Migration):
    dependencies = [("projects", "0009_fact_certainty")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
