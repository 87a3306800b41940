"""The shared cache and sessions of a multi-instance deployment, on local memory and on Redis.

Each test runs on both backends (``cache_backend`` fixture, tests/conftest.py); the Redis half talks
to the real server of the machine.
"""

import pytest
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_KEY_PREFIX
from django.core.cache import cache, caches


def test_the_cache_keeps_counts_and_forgets_expired_values(cache_backend):
    backends = {"locmem": "django.core.cache.backends.locmem", "redis": "caching.redis"}  # one Redis client per pool
    assert type(caches["default"]).__module__ == backends[cache_backend]
    cache.set("facets:v1", {"region": {"occitanie": 3}}, timeout=60)
    assert cache.get("facets:v1") == {"region": {"occitanie": 3}}
    assert cache.add("facets:v1", "other") is False
    cache.set("version", 1)
    assert cache.incr("version") == 2
    cache.set("gone", "x", timeout=0)
    assert cache.get("gone") is None
    cache.delete_many(["facets:v1", "version"])
    assert cache.get_many(["facets:v1", "version"]) == {}


def test_two_instances_share_what_one_of_them_cached(cache_backend):
    if cache_backend != "redis":
        pytest.skip("local memory is private to each process: that is why production uses Redis")
    other_instance = caches.create_connection("default")  # another process's client, same server
    cache.set("statistics:fragment", "<table>…</table>", timeout=60)
    assert other_instance.get("statistics:fragment") == "<table>…</table>"
    other_instance.delete("statistics:fragment")
    assert cache.get("statistics:fragment") is None


@pytest.fixture
def editor_client(client, django_user_model, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    user = django_user_model.objects.create_superuser("sessions-test", "s@example.org", "pw-Unused-1234")
    client.force_login(user)
    return client


def test_sessions_live_in_the_shared_cache_and_survive_its_flush(cache_backend, editor_client):
    session_key = editor_client.cookies["sessionid"].value
    assert cache.get(SESSION_KEY_PREFIX + session_key) is not None
    assert editor_client.get("/admin/").status_code == 200

    cache.delete(SESSION_KEY_PREFIX + session_key)  # a Redis restart: sessions are also in the database
    assert editor_client.get("/admin/").status_code == 200
    assert cache.get(SESSION_KEY_PREFIX + session_key) is not None  # and back in the cache
