"""The page cache's copy in each process, in front of the shared Redis cache (caching/front.py):
a hit costs no network round trip, yet a change to the catalogue shows at once and a value read
back is never an object another request holds."""

import time
import uuid

import pytest
from django.core.cache import caches
from django.http import HttpResponse

from caching.front import FrontedCache
from projects.models import Project
from tests.conftest import REDIS_TEST_URL

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def fronted(prefix, location=None, front_seconds=60, back_url=REDIS_TEST_URL):
    """One process's page cache (each instance has its own copy in front, like a process)."""
    return FrontedCache(
        location or uuid.uuid4().hex,
        {
            "BACK": {
                "BACKEND": "caching.redis.RedisCache",
                "LOCATION": back_url,
                "KEY_PREFIX": prefix,
            },
            "FRONT_SECONDS": front_seconds,
            "FRONT_MAX_ENTRIES": 50,
            "TIMEOUT": 300,
        },
    )


def test_a_value_stored_by_one_process_is_read_by_another_through_the_shared_cache(redis_prefix):
    first, second = fronted(redis_prefix), fronted(redis_prefix)
    first.set("page:v1:fr:/projets/", b"<html>liste</html>", 300)
    assert second.get("page:v1:fr:/projets/") == b"<html>liste</html>"
    assert first.get_many(["page:v1:fr:/projets/", "absent"]) == {"page:v1:fr:/projets/": b"<html>liste</html>"}


def test_a_hit_in_the_process_needs_no_round_trip_to_the_shared_cache(redis_prefix):
    cache = fronted(redis_prefix)
    cache.set("page:v1:fr:/", b"<html>accueil</html>", 300)
    # The shared cache goes away (a network cut): the process still answers from its copy.
    cache.back = fronted(redis_prefix, back_url=UNREACHABLE_REDIS).back
    assert cache.get("page:v1:fr:/") == b"<html>accueil</html>"


def test_the_process_copy_is_short_lived_so_a_manual_clear_reaches_every_process(redis_prefix):
    writer, reader = fronted(redis_prefix), fronted(redis_prefix, front_seconds=1)
    writer.set("page:v1:fr:/statistiques/", b"<html>chiffres</html>", 300)
    assert reader.get("page:v1:fr:/statistiques/") == b"<html>chiffres</html>"
    writer.clear()  # clears the shared cache and the writer's own copy
    assert writer.get("page:v1:fr:/statistiques/") is None
    time.sleep(1.2)
    assert reader.get("page:v1:fr:/statistiques/") is None


def test_each_read_gives_a_fresh_response_object(redis_prefix):
    cache = fronted(redis_prefix)
    cache.set("page:v1:fr:/a-propos/", HttpResponse(b"<html>"), 300)
    one, two = cache.get("page:v1:fr:/a-propos/"), cache.get("page:v1:fr:/a-propos/")
    one["X-Request-Id"] = "abc"  # what later middleware does to the answer of one request
    assert one is not two and "X-Request-Id" not in two


def test_deleting_a_key_removes_it_from_both_levels(redis_prefix):
    cache = fronted(redis_prefix)
    cache.set("k", 1, 300)
    assert cache.has_key("k") and cache.add("k", 2) is False
    cache.delete("k")
    assert cache.get("k") is None and not cache.has_key("k")
    assert cache.add("k", 3) is True and cache.get("k") == 3


@pytest.mark.django_db
def test_pages_served_through_the_fronted_cache_show_a_publication_at_once(client, catalogue, settings, redis_prefix):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "caching.front.FrontedCache",
            "LOCATION": redis_prefix,
            "BACK": {
                "BACKEND": "caching.redis.RedisCache",
                "LOCATION": REDIS_TEST_URL,
                "KEY_PREFIX": redis_prefix,
            },
            "FRONT_SECONDS": 60,
        },
    }
    settings.PAGE_CACHE_ALIAS = "pages"
    assert isinstance(caches["pages"], FrontedCache)
    before = client.get("/projets/")
    assert "terra-arte" in before.content.decode()
    assert client.get("/projets/").content == before.content  # a hit
    Project.objects.filter(slug="terra-arte").update(name="Terra Arte renommée")
    after = client.get("/projets/")
    assert "Terra Arte renommée" in after.content.decode()
