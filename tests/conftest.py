"""Shared fixtures.

Geography and the seed catalogue are loaded once per test session (they are the
real data users see) and kept by every test's transaction rollback.
"""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_geography", verbosity=0)
        call_command("load_catalogue", verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the version token a rolled-back test wrote may come back."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


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
