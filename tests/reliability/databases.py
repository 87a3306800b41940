"""Scratch databases beside the test database, for commands that must run in another process
(backups, restores, migrations to zero) without touching the data the other tests read."""

import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]


def postgres_url(name):
    settings = connection.settings_dict
    credentials = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"], safe="")
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{name}"


def _admin_connection():
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


@contextmanager
def scratch_database(suffix):
    """A new, empty database of the same kind as the test database: its DATABASE_URL.

    PostgreSQL: ``<test database>_<suffix>``, dropped afterwards. SQLite: a temporary file.
    """
    if connection.vendor == "sqlite":
        with tempfile.TemporaryDirectory(prefix=f"catalogue-{suffix}-") as folder:
            yield f"sqlite:///{folder}/db.sqlite3"
        return
    name = f"{connection.settings_dict['NAME']}_{suffix}"
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url(name)
    finally:
        with _admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def current_database_url():
    """The test database (on PostgreSQL its committed data: the seed catalogue) as a DATABASE_URL
    for another process.

    SQLite's test database lives in memory: it is copied to a temporary file first, as this
    test's connection sees it. (Serialised, not backed up: a backup waits for the write lock the
    test's transaction holds, forever.)
    """
    if connection.vendor != "sqlite":
        yield postgres_url(connection.settings_dict["NAME"])
        return
    connection.ensure_connection()
    with tempfile.TemporaryDirectory(prefix="catalogue-copy-") as folder:
        Path(f"{folder}/db.sqlite3").write_bytes(connection.connection.serialize())
        yield f"sqlite:///{folder}/db.sqlite3"


def run(command, database_url, **env):
    """Run a command of the project (a script, or manage.py …) against ``database_url``."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "true",
        "PYTHON": sys.executable,
        **env,
    }
    environment.pop("TEST_DATABASE_NAME", None)
    return subprocess.run(command, env=environment, cwd=BASE_DIR, check=True, capture_output=True, text=True)


def manage(*arguments, database_url, **env):
    return run([sys.executable, "manage.py", *arguments], database_url, **env)
