"""Database-level guarantee that a project's tenure lines never add up to more than its total homes.

A CheckConstraint cannot look at other rows, so this is done with triggers, written
for both supported databases. The message is caught by the admin and the importer,
which validate first and show a friendly form error; the trigger is the last line of
defence for any other writer.
"""

from django.db import migrations

MESSAGE = "tenure_lines_exceed_total_homes"

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER tenureline_sum_insert BEFORE INSERT ON projects_tenureline
    WHEN (SELECT total_homes FROM projects_project WHERE id = NEW.project_id) IS NOT NULL
     AND (SELECT COALESCE(SUM(homes), 0) FROM projects_tenureline WHERE project_id = NEW.project_id) + NEW.homes
         > (SELECT total_homes FROM projects_project WHERE id = NEW.project_id)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
    f"""
    CREATE TRIGGER tenureline_sum_update BEFORE UPDATE OF homes, project_id ON projects_tenureline
    WHEN (SELECT total_homes FROM projects_project WHERE id = NEW.project_id) IS NOT NULL
     AND (SELECT COALESCE(SUM(homes), 0) FROM projects_tenureline
          WHERE project_id = NEW.project_id AND id != OLD.id) + NEW.homes
         > (SELECT total_homes FROM projects_project WHERE id = NEW.project_id)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
    f"""
    CREATE TRIGGER project_total_homes_update BEFORE UPDATE OF total_homes ON projects_project
    WHEN NEW.total_homes IS NOT NULL
     AND (SELECT COALESCE(SUM(homes), 0) FROM projects_tenureline WHERE project_id = NEW.id) > NEW.total_homes
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS tenureline_sum_insert;",
    "DROP TRIGGER IF EXISTS tenureline_sum_update;",
    "DROP TRIGGER IF EXISTS project_total_homes_update;",
]

POSTGRES_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION projects_check_tenure_sum() RETURNS trigger AS $$
    DECLARE
        v_project_id bigint;
        v_total integer;
        allocated bigint;
    BEGIN
        IF TG_TABLE_NAME = 'projects_project' THEN
            v_project_id := NEW.id;
        ELSE
            v_project_id := NEW.project_id;
        END IF;
        -- Lock the project row so that concurrent writers are checked one after the other.
        SELECT p.total_homes INTO v_total FROM projects_project p WHERE p.id = v_project_id FOR UPDATE;
        IF TG_TABLE_NAME = 'projects_project' THEN
            v_total := NEW.total_homes;
        END IF;
        IF v_total IS NULL THEN
            RETURN NEW;
        END IF;
        SELECT COALESCE(SUM(t.homes), 0) INTO allocated FROM projects_tenureline t WHERE t.project_id = v_project_id;
        IF allocated > v_total THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER tenureline_sum_check AFTER INSERT OR UPDATE OF homes, project_id ON projects_tenureline
    FOR EACH ROW EXECUTE FUNCTION projects_check_tenure_sum();
    """,
    """
    CREATE TRIGGER project_total_homes_check AFTER UPDATE OF total_homes ON projects_project
    FOR EACH ROW EXECUTE FUNCTION projects_check_tenure_sum();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS tenureline_sum_check ON projects_tenureline;",
    "DROP TRIGGER IF EXISTS project_total_homes_check ON projects_project;",
    "DROP FUNCTION IF EXISTS projects_check_tenure_sum();",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
