"""Every migration of the project's apps can be reversed: ``migrate <app> zero`` for each app
(dependent apps first, so that every migration is reversed once), then forward again, on the
database the suite runs on, gives back the same schema (tables, columns, constraints,
triggers). Runs in a scratch database (the other tests keep their data)."""

import json
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from .databases import run, scratch_database

pytestmark = pytest.mark.django_db

LOCAL_APPS = sorted(
    {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
        and "site-packages" not in Path(config.path).parts
        and any((Path(config.path) / "migrations").glob("0*.py"))
    }
)


def test_local_apps_are_found():
    assert {"accounts", "geo", "organisms", "projects"} <= set(LOCAL_APPS)


def test_every_local_app_migrates_to_zero_and_back_to_the_same_schema():
    with scratch_database("migrations") as database_url:
        output = run(
            [sys.executable, "-m", "tests.reliability.migrations_round_trip", *LOCAL_APPS], database_url
        ).stdout
    result = json.loads(output)
    assert "projects_project" in result["before"]["tables"]
    assert {step["app"] for step in result["steps"]} == set(LOCAL_APPS)
    for step in result["steps"]:
        assert not [table for table in step["tables_left"] if table.startswith(f"{step['app']}_")], step["app"]
    assert not any(
        table.startswith(tuple(f"{app}_" for app in LOCAL_APPS)) for table in result["steps"][-1]["tables_left"]
    )
    assert result["after"] == result["before"]
