"""Shared fixtures.

Geography and the seed catalogue are loaded once per test session (they are the
real data users see) and kept by every test's transaction rollback.
"""

import os
import uuid

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, settings

from tests.smtp import smtp_down, smtp_server  # noqa: F401  (a real SMTP server, for every test that needs one)
from tests.template_db import copy_into, sqlite_template

# Hypothesis profiles: quick for local runs, thorough in CI (CI=true); HYPOTHESIS_PROFILE overrides.
# Explicit @settings(max_examples=…) on a test still win.
settings.register_profile("quick", max_examples=40, deadline=None)
settings.register_profile(
    "ci", max_examples=1000, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "quick"))


@pytest.fixture(scope="session")
def sqlite_template_restore():
    """On SQLite, the session's in-memory database starts as a copy of the template database
    (tests/template_db.py): migrate then finds nothing to do and nothing needs loading.
    Yields a list that holds the open in-memory connection once the copy is made."""
    from django.db import connection
    from django.db.backends.sqlite3.creation import DatabaseCreation

    restored = []
    if connection.vendor != "sqlite" or os.environ.get("TEST_DB_TEMPLATE") == "off":
        yield restored
        return
    template = sqlite_template()
    original = DatabaseCreation._create_test_db

    def create_from_template(self, verbosity, autoclobber, keepdb=False):
        name = original(self, verbosity, autoclobber, keepdb)
        if self.connection.alias == "default" and self.is_in_memory_db(name) and not restored:
            restored.append(copy_into(template, name, uri=True))
        return name

    DatabaseCreation._create_test_db = create_from_template
    yield restored
    DatabaseCreation._create_test_db = original


@pytest.fixture(scope="session")
def django_db_setup(sqlite_template_restore, django_db_setup, django_db_blocker):
    if sqlite_template_restore:
        return  # the template already holds the geography and the seed catalogue
    with django_db_blocker.unblock():
        call_command("load_geography", verbosity=0)
        call_command("load_catalogue", verbosity=0)
        call_command("load_ceilings", verbosity=0)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts and ends in the site's default language: a request in English (the language
    cookie, /i18n/setlang/) leaves English active in the thread, which a later test would inherit."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the version token a rolled-back test wrote may come back."""
    from django.core.cache import caches

    from caching.front import ProcessCopies
    from caching.version import process_version

    for cache in caches.all():
        cache.clear()
    # The version a rolled-back test read must not outlive it either (caching/version.py), nor
    # the values this process kept under it (caching/front.py).
    process_version.forget()
    ProcessCopies.forget_all()
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
def project(catalogue):
    """A published project of our own, in Bordeaux, with 10 homes and nothing else (tests/factories.py)."""
    from tests.factories import ProjectFactory

    return ProjectFactory(published=True, in_bordeaux=True)


@pytest.fixture
def published_project(catalogue):
    """The first published project of the seed catalogue."""
    from projects.models import Project

    return Project.objects.published().order_by("slug").first()


# --- Cache backends ------------------------------------------------------------------------
# Tests of cache-dependent behaviour take the ``cache_backend`` fixture: they then run twice, on
# local memory and on the real Redis of the machine (REDIS_TEST_URL, database 5 by default), with
# a key prefix of their own that is cleaned afterwards. Outside CI an unreachable Redis skips the
# Redis half; in CI (CI=true) it fails.

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/5")


def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis unreachable at {REDIS_TEST_URL} in CI: {error}")
        pytest.skip(f"Redis unreachable at {REDIS_TEST_URL}: {error}")
    return client


def forget_redis_keys(client, prefix):
    """Delete only the keys under ``prefix``: the Redis database may be shared with other runs (never FLUSHDB)."""
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own in the test Redis; its keys are deleted afterwards."""
    client = redis_client()
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    yield prefix
    forget_redis_keys(client, prefix)


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    """The default cache switched to ``locmem`` or ``redis`` for one test; returns its name."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    if request.param == "redis":
        client = redis_client()
        settings.CACHES = {
            "default": {
                "BACKEND": "caching.redis.RedisCache",
                "LOCATION": REDIS_TEST_URL,
                "KEY_PREFIX": prefix,
            }
        }
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": prefix}}
    yield request.param
    if request.param == "redis":
        forget_redis_keys(client, prefix)


@pytest.fixture(params=["locmem", "redis"])
def exports_cache(request, settings):
    """The ``exports`` cache (the projects CSV's row lines, opendata/exports/row_cache.py) for one
    test: ``locmem``, ``redis`` (a key prefix of its own, cleaned afterwards) or ``off``."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    caches_setting = {alias: spec for alias, spec in settings.CACHES.items() if alias != "exports"}
    if request.param == "redis":
        client = redis_client()
        caches_setting["exports"] = {
            "BACKEND": "caching.redis.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": prefix,
        }
    elif request.param == "locmem":
        caches_setting["exports"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": prefix}
    settings.CACHES = caches_setting
    settings.EXPORT_ROWS_CACHE_SECONDS = 0 if request.param == "off" else 3600
    yield request.param
    if request.param == "redis":
        forget_redis_keys(client, prefix)
