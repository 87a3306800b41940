"""The benchmark's database: created and filled once (reused when present), and its SQLite copy
for Datasette."""

import json
import os
import subprocess
import sys
from pathlib import Path

from runner import BENCH, DB_NAME, PG_URL, PROJECTS, PYTHON, ROOT, SEED, WORK, log, manage, shell


def prepare_database(env):
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            log(f"creating database {DB_NAME}")
            connection.execute(f'CREATE DATABASE "{DB_NAME}"')
    manage("migrate", "--noinput", "-v0", env=env)
    if shell("from geo.models import Commune; print(Commune.objects.count())", env) == "0":
        manage("load_geography", env=env)
    if shell("from projects.models import Project; print(Project.objects.count())", env) == "0":
        manage("load_catalogue", env=env)
    manage("generate_projects", str(PROJECTS), "--seed", str(SEED), "--total", env=env)
    shell("from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')", env)
    manage("collectstatic", "--noinput", "-v0", env=env)


def export_sqlite(path):
    """The published projects as one SQLite table, with the list's facets as columns: region,
    Hlm families of their organisms and tenure statuses (JSON arrays, for Datasette's array facets)."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalogue.settings")
    django.setup()
    import sqlite3

    from projects.models import Project, ProjectActor, TenureLine

    published = Project.objects.published()
    families, statuses = {}, {}
    for project_id, family in (
        ProjectActor.objects.filter(project__in=published, organism__kind="hlm")
        .exclude(organism__family="")
        .values_list("project_id", "organism__family")
    ):
        families.setdefault(project_id, set()).add(family)
    for project_id, code in TenureLine.objects.filter(project__in=published, status__isnull=False).values_list(
        "project_id", "status__short_name"
    ):
        statuses.setdefault(project_id, set()).add(code)
    temporary = Path(path).with_suffix(".tmp")
    temporary.unlink(missing_ok=True)
    database = sqlite3.connect(temporary)
    database.execute(
        "CREATE TABLE projects (id INTEGER PRIMARY KEY, slug TEXT, name TEXT, commune TEXT, departement TEXT,"
        " region TEXT, famille_hlm TEXT, statut TEXT, famille TEXT, phase TEXT, total_homes INTEGER,"
        " delivery_year INTEGER)"
    )
    rows = published.order_by("name", "pk").values_list(
        "pk",
        "slug",
        "name",
        "commune__name",
        "commune__department__code",
        "commune__department__region__name",
        "participatory_family",
        "phase",
        "total_homes",
        "delivery_year",
    )
    batch = []
    for pk, slug, name, commune, department, region, family, phase, homes, year in rows.iterator(chunk_size=5000):
        batch.append(
            (
                pk,
                slug,
                name,
                commune,
                department,
                region,
                json.dumps(sorted(families.get(pk, ()))),
                json.dumps(sorted(statuses.get(pk, ()))),
                family,
                phase,
                homes,
                year,
            )
        )
        if len(batch) == 5000:
            database.executemany("INSERT INTO projects VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch)
            batch = []
    database.executemany("INSERT INTO projects VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch)
    database.commit()
    count = database.execute("SELECT count(*) FROM projects").fetchone()[0]
    database.close()
    temporary.replace(path)
    print(count)


def sqlite_copy(env, published):
    path = WORK / "projects.db"
    if path.exists():
        import sqlite3

        with sqlite3.connect(path) as database:
            if database.execute("SELECT count(*) FROM projects").fetchone()[0] == published:
                return path
    log("exporting the published projects to SQLite for Datasette")
    subprocess.run([PYTHON, str(BENCH / "bench.py"), "export-sqlite", str(path)], cwd=ROOT, env=env, check=True)
    return path
