"""On PostgreSQL, each project's facet keys in one array column with a GIN index (``facet_keys``).

A filtered list (« Occitanie, OPH, PLUS ») used to walk the region's projects in name order and probe
the child tables for each (20–26 ms at 100,000 projects). The keys a facet filter tests are stored
on the project as text: ``r<region id>``, ``d<département id>``, ``o<organism id>``, ``h<Hlm family>``
(Hlm organisms only), ``s<status id>``, ``c<category>`` (the status's or the line's own),
``m<mode id>``; every facet filter then reads one GIN index (``facet_keys && ARRAY[…]``) and combines
with the text search's index.

The column is kept by triggers, whatever writes (the ORM, imports, bulk loads, raw SQL): the
project's own row recomputes it before every insert and every update of its commune; a change of
its actors, tenure lines or intervention modes (statement triggers with transition tables: a bulk
insert updates its projects once), of an organism's kind or family, of a status's category, of a
commune's département or of a département's region updates the projects concerned. Django does not
know the column (never written by the ORM); ``projects.filters.facet_keys`` reads it. SQLite keeps
the filters' subqueries: a small catalogue, no GIN.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION projects_facet_keys(p_id bigint, p_commune bigint) RETURNS text[]
LANGUAGE sql STABLE AS $$
    SELECT COALESCE(array_agg(k ORDER BY k), '{}') FROM (
        SELECT 'r' || d.region_id AS k FROM geo_commune c JOIN geo_department d ON d.id = c.department_id
            WHERE c.id = p_commune
        UNION SELECT 'd' || c.department_id FROM geo_commune c WHERE c.id = p_commune
        UNION SELECT 'o' || a.organism_id FROM projects_projectactor a WHERE a.project_id = p_id
        UNION SELECT 'h' || o.family FROM projects_projectactor a JOIN organisms_organism o ON o.id = a.organism_id
            WHERE a.project_id = p_id AND o.kind = 'hlm' AND o.family <> ''
        UNION SELECT 's' || l.status_id FROM projects_tenureline l
            WHERE l.project_id = p_id AND l.status_id IS NOT NULL
        UNION SELECT 'c' || t.category FROM projects_tenureline l JOIN projects_tenurestatus t ON t.id = l.status_id
            WHERE l.project_id = p_id AND t.category <> ''
        UNION SELECT 'c' || l.category FROM projects_tenureline l WHERE l.project_id = p_id AND l.category <> ''
        UNION SELECT 'm' || pm.interventionmode_id FROM projects_project_intervention_modes pm
            WHERE pm.project_id = p_id
    ) keys WHERE k IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION projects_facet_keys_own() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.facet_keys := projects_facet_keys(NEW.id, NEW.commune_id);
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION projects_facet_keys_refresh(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE projects_project p SET facet_keys = projects_facet_keys(p.id, p.commune_id)
    WHERE p.id = ANY(ids) AND p.facet_keys IS DISTINCT FROM projects_facet_keys(p.id, p.commune_id)
$$;
"""

# (child table, its trigger function's body for each event: the projects whose keys may change)
CHILDREN = ("projects_projectactor", "projects_tenureline", "projects_project_intervention_modes")
CHILD_FUNCTION = """
CREATE OR REPLACE FUNCTION projects_facet_keys_child_{event}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM projects_facet_keys_refresh(ARRAY(SELECT DISTINCT project_id FROM ({rows}) changed));
    RETURN NULL;
END $$;
"""
EVENTS = {
    "insert": ("NEW TABLE AS new_rows", "SELECT project_id FROM new_rows"),
    "update": (
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "SELECT project_id FROM old_rows UNION SELECT project_id FROM new_rows",
    ),
    "delete": ("OLD TABLE AS old_rows", "SELECT project_id FROM old_rows"),
}

# Reference rows whose change moves keys of the projects that use them (rare: back-office edits,
# geography reloads): row triggers.
REFERENCE_FUNCTION = """
CREATE OR REPLACE FUNCTION projects_facet_keys_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM projects_facet_keys_refresh(ARRAY({projects}));
    RETURN NULL;
END $$;
CREATE TRIGGER projects_facet_keys_{name} AFTER UPDATE OF {columns} ON {table}
    FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION projects_facet_keys_{name}();
"""
REFERENCES = [
    (
        "organism",
        "organisms_organism",
        "kind, family",
        "OLD.kind IS DISTINCT FROM NEW.kind OR OLD.family IS DISTINCT FROM NEW.family",
        "SELECT a.project_id FROM projects_projectactor a WHERE a.organism_id = NEW.id",
    ),
    (
        "status",
        "projects_tenurestatus",
        "category",
        "OLD.category IS DISTINCT FROM NEW.category",
        "SELECT l.project_id FROM projects_tenureline l WHERE l.status_id = NEW.id",
    ),
    (
        "commune",
        "geo_commune",
        "department_id",
        "OLD.department_id IS DISTINCT FROM NEW.department_id",
        "SELECT p.id FROM projects_project p WHERE p.commune_id = NEW.id",
    ),
    (
        "department",
        "geo_department",
        "region_id",
        "OLD.region_id IS DISTINCT FROM NEW.region_id",
        "SELECT p.id FROM projects_project p JOIN geo_commune c ON c.id = p.commune_id WHERE c.department_id = NEW.id",
    ),
]


def statements():
    yield "ALTER TABLE projects_project ADD COLUMN IF NOT EXISTS facet_keys text[] NOT NULL DEFAULT '{}'"
    yield FUNCTION
    yield (
        "CREATE TRIGGER projects_facet_keys_own BEFORE INSERT OR UPDATE OF commune_id ON projects_project "
        "FOR EACH ROW EXECUTE FUNCTION projects_facet_keys_own()"
    )
    for event, (referencing, rows) in EVENTS.items():
        yield CHILD_FUNCTION.format(event=event, rows=rows)
        for table in CHILDREN:
            yield (
                f"CREATE TRIGGER projects_facet_keys_{event} AFTER {event.upper()} ON {table} "
                f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION projects_facet_keys_child_{event}()"
            )
    for name, table, columns, changed, projects in REFERENCES:
        yield REFERENCE_FUNCTION.format(name=name, table=table, columns=columns, changed=changed, projects=projects)
    # Existing projects (a statement: the own trigger recomputes each row).
    yield "UPDATE projects_project SET commune_id = commune_id"
    yield (
        "CREATE INDEX IF NOT EXISTS project_pub_facet_keys_gin ON projects_project USING gin (facet_keys) "
        "WHERE status = 'published'"
    )


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in statements():
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS projects_facet_keys_own ON projects_project")
    for event in EVENTS:
        for table in CHILDREN:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS projects_facet_keys_{event} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS projects_facet_keys_child_{event}()")
    for name, table, *_ in REFERENCES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS projects_facet_keys_{name} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS projects_facet_keys_{name}()")
    for function in ("projects_facet_keys_own()", "projects_facet_keys_refresh(bigint[])"):
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}")
    schema_editor.execute("DROP FUNCTION IF EXISTS projects_facet_keys(bigint, bigint)")
    schema_editor.execute("DROP INDEX IF EXISTS project_pub_facet_keys_gin")
    schema_editor.execute("ALTER TABLE projects_project DROP COLUMN IF EXISTS facet_keys")


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0017_published_facet_keys_index"),
        ("organisms", "0004_public_contact_details"),
        ("geo", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
