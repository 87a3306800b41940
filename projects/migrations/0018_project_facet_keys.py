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

Concurrent writers: a refresh first locks its projects (``FOR NO KEY UPDATE``, in id order), then
computes their keys in a new statement, so a transaction that changed the same project's rows
has committed and is seen; a new actor or tenure line also share-locks the organism or status it
names, so that a concurrent change of its family or category is not computed from the old one.
A ``TRUNCATE`` of a child table recomputes every project.

Applied without one long transaction (``atomic = False``): the column (a constant default: no table
rewrite), the functions and the triggers in one short transaction, then the existing projects in
batches of ``BATCH`` ids, then the index ``CONCURRENTLY``: the table stays readable and writable.
"""

from django.db import migrations, transaction

BATCH = 5000

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

CREATE OR REPLACE FUNCTION projects_facet_keys_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- Locked first; the UPDATE is a new statement, with a snapshot taken once the locks are held.
    PERFORM 1 FROM projects_project WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
    UPDATE projects_project p SET facet_keys = fresh.keys
    FROM (SELECT id, projects_facet_keys(id, commune_id) AS keys FROM projects_project WHERE id = ANY(ids)) fresh
    WHERE p.id = fresh.id AND p.facet_keys IS DISTINCT FROM fresh.keys;
END $$;

CREATE OR REPLACE FUNCTION projects_facet_keys_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE projects_project SET facet_keys = projects_facet_keys(id, commune_id);
    RETURN NULL;
END $$;
"""

# Child table → (the columns its keys read, the reference rows a new row names: locked FOR SHARE).
CHILDREN = {
    "projects_projectactor": (
        "organism_id",
        "PERFORM 1 FROM organisms_organism WHERE id IN (SELECT organism_id FROM new_rows) ORDER BY id FOR SHARE;",
    ),
    "projects_tenureline": (
        "status_id, category",
        "PERFORM 1 FROM projects_tenurestatus WHERE id IN (SELECT status_id FROM new_rows) ORDER BY id FOR SHARE;",
    ),
    "projects_project_intervention_modes": ("interventionmode_id", ""),
}
# What each event refreshes: an update only the projects of rows whose keyed columns changed.
EVENTS = {
    "insert": ("NEW TABLE AS new_rows", "SELECT project_id FROM new_rows", True),
    "update": (
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "SELECT x.project_id FROM new_rows n JOIN old_rows o ON o.id = n.id, LATERAL (VALUES (n.project_id),"
        " (o.project_id)) x(project_id) WHERE (n.project_id, {columns}) IS DISTINCT FROM (o.project_id, {old_columns})",
        True,
    ),
    "delete": ("OLD TABLE AS old_rows", "SELECT project_id FROM old_rows", False),
}
CHILD_FUNCTION = """
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {lock}
    PERFORM projects_facet_keys_refresh(ARRAY(SELECT DISTINCT project_id FROM ({rows}) changed));
    RETURN NULL;
END $$;
"""

# Reference rows whose change moves keys of the projects that use them (rare: back-office edits,
# geography reloads): row triggers.
REFERENCE_FUNCTION = """
CREATE OR REPLACE FUNCTION projects_facet_keys_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM projects_facet_keys_refresh(ARRAY({projects}));
    RETURN NULL;
END $$;
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


def _child_function(table: str, event: str) -> str:
    return f"projects_facet_keys_{table.removeprefix('projects_')}_{event}"


def definitions():
    """The column, the functions and the triggers (idempotent: run again, they are replaced)."""
    yield "ALTER TABLE projects_project ADD COLUMN IF NOT EXISTS facet_keys text[] NOT NULL DEFAULT '{}'"
    yield FUNCTION
    yield "DROP TRIGGER IF EXISTS projects_facet_keys_own ON projects_project"
    yield (
        "CREATE TRIGGER projects_facet_keys_own BEFORE INSERT OR UPDATE OF commune_id ON projects_project "
        "FOR EACH ROW EXECUTE FUNCTION projects_facet_keys_own()"
    )
    for table, (columns, lock) in CHILDREN.items():
        old_columns = ", ".join(f"o.{column.strip()}" for column in columns.split(","))
        new_columns = ", ".join(f"n.{column.strip()}" for column in columns.split(","))
        for event, (referencing, rows, locks) in EVENTS.items():
            function = _child_function(table, event)
            rows = rows.format(columns=new_columns, old_columns=old_columns)
            yield CHILD_FUNCTION.format(function=function, lock=lock if locks else "", rows=rows)
            yield f"DROP TRIGGER IF EXISTS projects_facet_keys_{event} ON {table}"
            yield (
                f"CREATE TRIGGER projects_facet_keys_{event} AFTER {event.upper()} ON {table} "
                f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            )
        yield f"DROP TRIGGER IF EXISTS projects_facet_keys_truncate ON {table}"
        yield (
            f"CREATE TRIGGER projects_facet_keys_truncate AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION projects_facet_keys_all()"
        )
    for name, table, columns, changed, projects in REFERENCES:
        yield REFERENCE_FUNCTION.format(name=name, projects=projects)
        yield f"DROP TRIGGER IF EXISTS projects_facet_keys_{name} ON {table}"
        yield (
            f"CREATE TRIGGER projects_facet_keys_{name} AFTER UPDATE OF {columns} ON {table} "
            f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION projects_facet_keys_{name}()"
        )


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with transaction.atomic(using=connection.alias):  # short: no row is read or written
        for statement in definitions():
            schema_editor.execute(statement)
    with connection.cursor() as cursor:  # the existing projects, one committed batch at a time
        cursor.execute("SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM projects_project")
        first, last = cursor.fetchone()
        for start in range(first, last + 1, BATCH):
            cursor.execute(
                "UPDATE projects_project SET facet_keys = projects_facet_keys(id, commune_id) "
                "WHERE id >= %s AND id < %s",
                [start, start + BATCH],
            )
    schema_editor.execute(
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS project_pub_facet_keys_gin ON projects_project "
        "USING gin (facet_keys) WHERE status = 'published'"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS projects_facet_keys_own ON projects_project")
    for table in CHILDREN:
        for event in (*EVENTS, "truncate"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS projects_facet_keys_{event} ON {table}")
        for event in EVENTS:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {_child_function(table, event)}()")
    for name, table, *_ in REFERENCES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS projects_facet_keys_{name} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS projects_facet_keys_{name}()")
    for function in ("projects_facet_keys_own()", "projects_facet_keys_all()", "projects_facet_keys_refresh(bigint[])"):
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}")
    schema_editor.execute("DROP FUNCTION IF EXISTS projects_facet_keys(bigint, bigint)")
    schema_editor.execute("DROP INDEX IF EXISTS project_pub_facet_keys_gin")
    schema_editor.execute("ALTER TABLE projects_project DROP COLUMN IF EXISTS facet_keys")


class Migration(migrations.Migration):
    atomic = False  # the backfill commits batch by batch; CREATE INDEX CONCURRENTLY needs no transaction

    dependencies = [
        ("projects", "0017_published_facet_keys_index"),
        ("organisms", "0004_public_contact_details"),
        ("geo", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False, atomic=False)]
