"""The data package: a Frictionless Tabular Data Package (validated by frictionless-py, foreign keys
included), the same tables in SQLite, dated releases with a changelog, and the live package."""

import csv
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from frictionless import validate

from opendata.models import DataRelease
from projects.models import Project
from tests.factories import ProjectFactory

from .helpers import body

pytestmark = pytest.mark.django_db


def release_files(client, release, directory: Path) -> Path:
    for name in release.files:
        response = client.get(f"/donnees/versions/{release.version}/{name}")
        assert response.status_code == 200, name
        (directory / name).write_bytes(body(response))
    return directory


def test_a_release_is_a_valid_data_package_with_the_same_tables_in_sqlite(client, catalogue, media_root, tmp_path):
    call_command("make_release", release="2026-12-01")
    release = DataRelease.objects.get()
    directory = release_files(client, release, tmp_path)

    report = validate(directory / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]

    published = Project.objects.published().count()
    assert release.project_count == published
    database = sqlite3.connect(directory / "catalogue.sqlite")
    for table in ("projects", "facts", "sources", "organisms"):
        with (directory / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            csv_count = sum(1 for _ in csv.DictReader(handle))
        assert database.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == csv_count
    assert database.execute("SELECT count(*) FROM projects").fetchone()[0] == published
    assert database.execute("SELECT count(*) FROM facts").fetchone()[0] == release.fact_count
    for name, info in release.files.items():
        assert hashlib.sha256((directory / name).read_bytes()).hexdigest() == info["sha256"], name


def test_the_codebook_describes_every_column_in_french_and_english(client, catalogue, media_root, tmp_path):
    call_command("make_release", release="2026-12-01")
    directory = release_files(client, DataRelease.objects.get(), tmp_path)
    descriptor = json.loads((directory / "datapackage.json").read_text("utf-8"))
    with (directory / "codebook.csv").open(encoding="utf-8", newline="") as handle:
        codebook = list(csv.DictReader(handle))
    fields = [(r["name"], f) for r in descriptor["resources"] for f in r["schema"]["fields"]]
    assert len(codebook) == len(fields)
    assert all(row["description_fr"] and row["description_en"] for row in codebook)
    assert any(row["description_fr"] != row["description_en"] for row in codebook)  # really translated
    assert all(field["description"] and field["description_en"] for _, field in fields)


def test_the_next_release_says_what_changed(client, catalogue, media_root):
    call_command("make_release", release="premiere")
    ProjectFactory(published=True, in_bordeaux=True, slug="nouveau-projet", tenure=("plus", 4))
    changed = Project.objects.published().order_by("pk").first()
    Project.objects.filter(pk=changed.pk).update(total_homes=(changed.total_homes or 0) + 1)

    call_command("make_release", release="seconde")
    second = DataRelease.objects.get(version="seconde")
    new = Project.objects.get(slug="nouveau-projet")
    assert f"- 1 ajoutés : {new.pk}" in second.changelog
    assert f"- 1 modifiés : {changed.pk}" in second.changelog
    assert "## Faits" in second.changelog and "tenure-line-" in second.changelog
    page = client.get("/donnees/versions/seconde/")
    assert page.status_code == 200 and "nouveau" not in page.content.decode()  # ids, not names
    assert client.get("/donnees/versions/derniere/")["Location"] == "/donnees/versions/seconde/"


def test_release_addresses_refuse_what_does_not_exist(client, catalogue, media_root):
    call_command("make_release", release="2026-12-01")
    assert client.get("/donnees/versions/2026-12-01/../../settings.py").status_code == 404
    assert client.get("/donnees/versions/2026-12-01/etc-passwd.csv").status_code == 404
    assert client.get("/donnees/versions/1999-01-01/projects.csv").status_code == 404
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("make_release", release="2026-12-01")
    with pytest.raises(CommandError, match="minuscules"):
        call_command("make_release", release="../x")
    listing = client.get("/donnees/versions/")
    assert listing.status_code == 200 and "2026-12-01" in listing.content.decode()


def test_the_live_package_describes_the_live_downloads_and_validates(client, catalogue, tmp_path):
    descriptor = json.loads(client.get("/donnees/datapackage.json").content)
    for resource in descriptor["resources"]:
        path = resource["path"].replace("http://testserver", "")
        response = client.get(path)
        assert response.status_code == 200, path
        (tmp_path / f"{resource['name']}.csv").write_bytes(body(response))
        resource["path"] = f"{resource['name']}.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_unpublished_projects_are_in_no_table_of_the_package(client, catalogue, media_root, tmp_path):
    ProjectFactory(slug="brouillon-du-paquet", tenure=("psla", 2))
    call_command("make_release", release="2026-12-01")
    directory = release_files(client, DataRelease.objects.get(), tmp_path)
    for name in ("projects.csv", "facts.csv"):
        assert "brouillon-du-paquet" not in (directory / name).read_text("utf-8")
    assert "brouillon-du-paquet" not in body(client.get("/donnees/datapackage.json")).decode()
