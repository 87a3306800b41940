"""Shared fixtures.

Geography and the seed catalogue are loaded once per test session (they are the
real data users see) and kept by every test's transaction rollback.
"""

import os

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, settings

# Hypothesis profiles: quick for local runs, thorough in CI (CI=true); HYPOTHESIS_PROFILE overrides.
# Explicit @settings(max_examples=…) on a test still win.
settings.register_profile("quick", max_examples=40, deadline=None)
settings.register_profile(
    "ci", max_examples=1000, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "quick"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_geography", verbosity=0)
        call_command("load_catalogue", verbosity=0)


@pytest.fixture
def catalogue(db):
    """The seed catalogue, loaded (see django_db_setup)."""
    from projects.models import Project

    return Project.objects.all()


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary MEDIA_ROOT (default_storage follows the setting)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def published_project(catalogue):
    """The first published project of the seed catalogue."""
    from projects.models import Project

    return Project.objects.published().order_by("slug").first()
