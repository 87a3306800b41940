"""Production settings follow the environment: replica, shared cache and sessions, S3 media, CDN.

Each case imports the settings in a fresh interpreter with the given variables, as a server would.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLEARED = ("DATABASE_", "CACHE_", "S3_", "MEDIA_HOST", "STATIC_HOST", "TEST_DATABASE_NAME")

PROBE = """
import json, django
django.setup()
from django.conf import settings as s
from django.core.files.storage import storages
media = storages["default"]
print(json.dumps({
    "databases": sorted(s.DATABASES),
    "replica_test": s.DATABASES.get("replica", {}).get("TEST", {}),
    "options": {alias: s.DATABASES[alias].get("OPTIONS", {}) for alias in s.DATABASES},
    "routers": s.DATABASE_ROUTERS,
    "middleware": s.MIDDLEWARE,
    "cache": s.CACHES["default"],
    "session_engine": s.SESSION_ENGINE,
    "storage": type(media).__module__ + "." + type(media).__name__,
    "media_url": media.url("photos/12/abc.jpg"),
    "static_url": s.STATIC_URL,
    "proxy_ssl_header": s.SECURE_PROXY_SSL_HEADER,
    "redirect_exempt": s.SECURE_REDIRECT_EXEMPT,
}, default=str))
"""


def production_settings(**variables):
    env = {name: value for name, value in os.environ.items() if not name.startswith(CLEARED)}
    env.update(
        DJANGO_DEBUG="false", SECRET_KEY="settings-test", DJANGO_SETTINGS_MODULE="catalogue.settings", **variables
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults_are_one_database_local_memory_cache_and_files_on_disk():
    found = production_settings()
    assert found["databases"] == ["default"]
    assert found["routers"] == []
    assert found["cache"]["BACKEND"].endswith("LocMemCache")
    assert found["session_engine"] == "django.contrib.sessions.backends.db"
    assert found["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert found["media_url"] == "/media/photos/12/abc.jpg"
    assert found["static_url"] == "/static/"
    assert found["proxy_ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]  # what deploy/nginx.conf sends
    assert found["redirect_exempt"] == ["^healthz$"]  # probes over plain HTTP (tests/deploy/test_healthz.py)


def test_a_replica_url_adds_the_replica_and_its_router():
    found = production_settings(
        DATABASE_URL="postgres://app@primary:5432/catalogue",
        DATABASE_REPLICA_URL="postgres://app@replica:5432/catalogue",
    )
    assert found["databases"] == ["default", "replica"]
    assert found["replica_test"]["MIRROR"] == "default"  # tests read the primary through the replica alias
    assert found["routers"] == ["catalogue.db_router.PrimaryReplicaRouter"]
    assert "catalogue.db_router.ReplicaMiddleware" in found["middleware"]


def test_postgresql_prepares_its_frequent_statements_on_the_primary_and_the_replica_alike():
    found = production_settings(
        DATABASE_URL="postgres://app@primary:5432/catalogue?target_session_attrs=read-write",
        DATABASE_REPLICA_URL="postgres://app@replica:5432/catalogue",
    )
    binding = {"server_side_binding": True, "prepare_threshold": 5}
    assert found["options"]["default"] == {"target_session_attrs": "read-write", **binding}
    assert found["options"]["replica"] == binding  # not the primary's read-write requirement
    off = production_settings(DATABASE_URL="postgres://app@primary:5432/catalogue", PG_PREPARE_THRESHOLD="0")
    assert off["options"]["default"] == {}  # client-side binding, nothing prepared (a pooler that cannot)


def test_a_cache_url_shares_cache_and_sessions_through_redis():
    found = production_settings(CACHE_URL="redis://127.0.0.1:6379/1", CACHE_KEY_PREFIX="site-a")
    assert found["cache"]["BACKEND"] == "caching.redis.RedisCache"  # one client per pool
    assert found["cache"]["KEY_PREFIX"] == "site-a"
    assert found["session_engine"] == "django.contrib.sessions.backends.cached_db"


def test_a_bucket_sends_media_to_s3_with_public_urls_on_the_media_host():
    found = production_settings(
        S3_BUCKET="catalogue-media",
        S3_ENDPOINT_URL="https://s3.example.org",
        S3_REGION="fr-par",
        MEDIA_HOST="media.example.org",
    )
    assert found["storage"] == "storages.backends.s3.S3Storage"
    assert found["media_url"] == "https://media.example.org/photos/12/abc.jpg"


def test_a_bucket_without_public_host_gives_signed_urls():
    found = production_settings(
        S3_BUCKET="catalogue-media",
        S3_ENDPOINT_URL="https://s3.example.org",
        S3_ACCESS_KEY_ID="id",
        S3_SECRET_ACCESS_KEY="secret",
    )
    assert found["media_url"].startswith("https://s3.example.org/catalogue-media/photos/12/abc.jpg?")
    assert "Signature" in found["media_url"]


def test_static_host_puts_static_files_behind_a_cdn():
    found = production_settings(STATIC_HOST="https://cdn.example.org/")
    assert found["static_url"] == "https://cdn.example.org/static/"
