"""Database triggers that change ``CatalogueVersion`` whenever public data changes.

Installed after every ``migrate`` on every table of the apps in ``PUBLIC_APPS`` (their
many-to-many tables included), except history and back-office tables. PostgreSQL uses one
statement-level trigger per table (a bulk insert of 1,000 rows bumps the version once);
SQLite has only row-level triggers, cheap there (no MVCC).
"""

import secrets
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, connections
from django.utils import timezone

from .models import CatalogueVersion

PUBLIC_APPS = ("geo", "organisms", "projects", "eligibility")  # eligibility: ceilings on project pages
# Not shown to the public (the project's own row changes with its transitions).
PRIVATE_MODELS = {"projects.projectimport", "projects.projecttransition"}

# ``one_bump()`` sets DEFER_SETTING for its block (transaction-local): the statements inside leave the
# version alone and the block bumps it once at its end. Thousands of updates of the same version row
# in one transaction each walk a longer chain of row versions (an import of 1,000 rows: ~6,000 bumps).
DEFER_SETTING = "caching.defer_version_bump"
PG_BUMP = """
    UPDATE caching_catalogueversion
    SET token = md5(random()::text || clock_timestamp()::text || txid_current()::text), changed_at = clock_timestamp()
    WHERE id = 1"""
PG_FUNCTION = """
CREATE OR REPLACE FUNCTION caching_bump_catalogue_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('caching.defer_version_bump', true) = 'on' THEN  -- DEFER_SETTING
        RETURN NULL;
    END IF;
    UPDATE caching_catalogueversion
    SET token = md5(random()::text || clock_timestamp()::text || txid_current()::text), changed_at = clock_timestamp()
    WHERE id = 1;
    RETURN NULL;
END $$;
"""
SQLITE_BUMP = (
    "UPDATE caching_catalogueversion SET token = lower(hex(randomblob(16))), "
    "changed_at = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE id = 1;"
)


def public_tables():
    """Names of the tables whose rows the public pages show."""
    tables = set()
    for label in PUBLIC_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            meta = model._meta
            if meta.proxy or not meta.managed or meta.label_lower in PRIVATE_MODELS:
                continue
            if (meta.model_name or "").startswith("historical"):
                continue
            tables.add(meta.db_table)
    return sorted(tables)


def uninstall(using_connection=connection):
    """Drop every trigger (and the PostgreSQL function) that bumps the version."""
    with using_connection.cursor() as cursor:
        if using_connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS caching_bump_catalogue_version() CASCADE")
        elif using_connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'catalogue_version_%'")
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def install(using_connection=connection):
    with using_connection.cursor() as cursor:
        if CatalogueVersion._meta.db_table not in using_connection.introspection.table_names(cursor):
            # `migrate caching zero`: nothing left to bump, so no trigger may remain.
            uninstall(using_connection)
            return []
    CatalogueVersion.objects.using(using_connection.alias).get_or_create(
        id=1, defaults={"token": secrets.token_hex(16), "changed_at": timezone.now()}
    )
    with using_connection.cursor() as cursor:
        existing = set(using_connection.introspection.table_names(cursor))
        tables = [table for table in public_tables() if table in existing]
        if using_connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            for table in tables:
                cursor.execute(f'DROP TRIGGER IF EXISTS catalogue_version ON "{table}"')
                cursor.execute(
                    f'CREATE TRIGGER catalogue_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
                    "FOR EACH STATEMENT EXECUTE FUNCTION caching_bump_catalogue_version()"
                )
        elif using_connection.vendor == "sqlite":
            for table in tables:
                for operation in ("INSERT", "UPDATE", "DELETE"):
                    name = f"catalogue_version_{table}_{operation.lower()}"
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                    cursor.execute(f'CREATE TRIGGER "{name}" AFTER {operation} ON "{table}" BEGIN {SQLITE_BUMP} END')
    return tables


def installed_on(table, using_connection=connection):
    """Whether ``table`` carries the trigger (for tests)."""
    with using_connection.cursor() as cursor:
        if using_connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname = 'catalogue_version' AND tgrelid = %s::regclass",
                [table],
            )
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
        return cursor.fetchone()[0] > 0


@contextmanager
def one_bump(using_connection=connection):
    """Writes inside the block bump the catalogue version once, at the end, not once per statement
    (PostgreSQL; SQLite's row-level bumps are cheap and stay). Call inside a transaction: the
    setting is transaction-local, and undone with the savepoint if the block fails."""
    if using_connection.vendor != "postgresql":
        yield
        return
    with using_connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [DEFER_SETTING])
    yield
    with using_connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'off', true)", [DEFER_SETTING])
        cursor.execute(PG_BUMP)


def on_post_migrate(sender, using="default", **kwargs):
    install(connections[using])
