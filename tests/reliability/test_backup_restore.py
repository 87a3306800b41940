"""A backup restored into an empty database gives back the same catalogue.

Both documented paths (scripts/backup.sh, scripts/restore.sh): ``dumpdata``/``loaddata`` on
any database, ``pg_dump``/``pg_restore`` on PostgreSQL. "The same" means byte-identical public
exports (CSV, JSON, GeoJSON, API), an identical editors' export (every project, drafts
included), the same number of rows in every table (history included: restoring must not
write history of its own) and the same permissions for each role.
"""

import json
import sys

import pytest
from django.db import connection

from .catalogue_snapshot import snapshot
from .databases import current_database_url, manage, run, scratch_database

pytestmark = pytest.mark.django_db


def restored_snapshot(database_url):
    output = run([sys.executable, "-m", "tests.reliability.catalogue_snapshot"], database_url).stdout
    return json.loads(output)


def assert_same_catalogue(expected, restored):
    assert restored["counts"] == expected["counts"]
    assert restored["groups"] == expected["groups"]
    assert restored["editors_export"] == expected["editors_export"]
    for url, body in expected["exports"].items():
        assert restored["exports"][url] == body, url


def round_trip(tmp_path, format):
    expected = json.loads(json.dumps(snapshot(), ensure_ascii=False))
    backup = tmp_path / "backup"
    with current_database_url() as source:
        run(["bash", "scripts/backup.sh", "--format", format, str(backup)], source, MEDIA_ROOT=str(tmp_path / "none"))
    assert (backup / ("database.dump" if format == "pg" else "database.json.gz")).stat().st_size > 10_000
    with scratch_database("restore") as target:
        if format == "pg":
            manage("migrate", "--noinput", "-v0", database_url=target)  # restoring over a live database
        run(["bash", "scripts/restore.sh", "--yes", str(backup)], target, MEDIA_ROOT=str(tmp_path / "media"))
        assert_same_catalogue(expected, restored_snapshot(target))


def test_dumpdata_backup_restores_the_same_catalogue(tmp_path, catalogue):
    round_trip(tmp_path, "json")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump/pg_restore: PostgreSQL only")
def test_pg_dump_backup_restores_the_same_catalogue(tmp_path, catalogue):
    round_trip(tmp_path, "pg")


def test_restore_refuses_to_run_without_yes(tmp_path):
    with pytest.raises(Exception) as error:
        run(["bash", "scripts/restore.sh", str(tmp_path)], "sqlite:///" + str(tmp_path / "db.sqlite3"))
    assert "--yes" in error.value.stderr
