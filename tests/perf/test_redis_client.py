"""The Redis cache builds one client per connection pool (caching/redis.py), not one per call
(≈ 95 µs of CPU each with redis-py 8), and still answers as Django's does."""

from caching.redis import RedisCache
from tests.conftest import REDIS_TEST_URL


def test_every_call_of_a_cache_shares_one_client_and_reads_what_it_wrote(redis_prefix):
    cache = RedisCache(REDIS_TEST_URL, {"KEY_PREFIX": redis_prefix})
    cache.set("a", {"projets": 3})
    cache.set_many({"b": 1, "c": 2})
    assert cache.get("a") == {"projets": 3}
    assert cache.get_many(["b", "c", "absent"]) == {"b": 1, "c": 2}
    assert cache.incr("b") == 2
    assert cache._cache.get_client() is cache._cache.get_client(write=True)


def test_with_replicas_writes_go_to_the_first_server_and_reads_to_the_others(redis_prefix):
    cache = RedisCache(f"{REDIS_TEST_URL},{REDIS_TEST_URL}", {"KEY_PREFIX": redis_prefix})
    cache.set("a", 1)
    assert cache.get("a") == 1
    writer, reader = cache._cache.get_client(write=True), cache._cache.get_client()
    assert writer is not reader
    assert writer.connection_pool is cache._cache._pools[0] and reader.connection_pool is cache._cache._pools[1]
    assert reader is cache._cache.get_client()
