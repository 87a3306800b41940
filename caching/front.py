"""A shared cache (Redis) with a small copy in each process in front of it, for whole pages.

A page-cache hit used to cost one Redis round trip for a ~50 KB value: on the benchmark machine
that round trip was most of the time of a hit (profile in bench/README.md). Pages are keyed by
the catalogue version (``caching.middleware``), so an entry is never wrong while its key is
reachable: a change to the catalogue makes new keys in every process at once (the version is
re-read at most once a second). The copy in the process is therefore safe to keep; it is bounded
(``FRONT_MAX_ENTRIES`` least recently stored, LocMemCache's culling) and short-lived
(``FRONT_SECONDS``), so that clearing the shared cache by hand reaches every process soon.

Writes go to both; reads try the process first, then the shared cache (and keep what they found).
Values are pickled in both, so a response read from the cache is a fresh object each time.
"""

from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.module_loading import import_string


class FrontedCache(BaseCache):
    def __init__(self, location: str, params: dict[str, Any]):
        super().__init__(params)
        back = dict(params["BACK"])
        self.back: BaseCache = import_string(back["BACKEND"])(back.get("LOCATION", ""), back)
        self.front_seconds = params.get("FRONT_SECONDS", 60)
        self.front = LocMemCache(
            f"front-{location}",
            {"TIMEOUT": self.front_seconds, "OPTIONS": {"MAX_ENTRIES": params.get("FRONT_MAX_ENTRIES", 300)}},
        )

    def _front_timeout(self, timeout: Any) -> float | None:
        if timeout is DEFAULT_TIMEOUT:
            return self.front_seconds
        return self.front_seconds if timeout is None else min(timeout, self.front_seconds)

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        missing = object()
        value = self.front.get(key, missing, version=version)
        if value is not missing:
            return value
        value = self.back.get(key, missing, version=version)
        if value is missing:
            return default
        self.front.set(key, value, self.front_seconds, version=version)
        return value

    def set(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self.back.set(key, value, timeout, version=version)
        self.front.set(key, value, self._front_timeout(timeout), version=version)

    def add(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        added = self.back.add(key, value, timeout, version=version)
        if added:
            self.front.set(key, value, self._front_timeout(timeout), version=version)
        return added

    def set_many(self, data: dict[str, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list:
        failed = self.back.set_many(data, timeout, version=version)
        self.front.set_many(data, self._front_timeout(timeout), version=version)
        return failed

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        self.front.touch(key, self._front_timeout(timeout), version=version)
        return self.back.touch(key, timeout, version=version)

    def delete(self, key: str, version: int | None = None) -> bool:
        self.front.delete(key, version=version)
        return self.back.delete(key, version=version)

    def has_key(self, key: str, version: int | None = None) -> bool:
        return self.front.has_key(key, version=version) or self.back.has_key(key, version=version)

    def clear(self) -> None:
        self.front.clear()
        self.back.clear()

    def close(self, **kwargs: Any) -> None:
        self.back.close(**kwargs)


class ProcessCopies:
    """The last values read from the shared cache under keys that hold the catalogue version, kept
    in this process as they are (no pickling): for values a request reads but never changes, such
    as the facet counts (a 45 KB pickle read from Redis on every list page at 100,000 projects).
    Bounded to ``size`` keys, the oldest stored dropped first; a new version makes new keys."""

    every: list["ProcessCopies"] = []

    def __init__(self, size: int = 64):
        self.size = size
        self.values: dict[str, Any] = {}
        ProcessCopies.every.append(self)

    @classmethod
    def forget_all(cls) -> None:
        """Tests: a rolled-back test's version token may come back with other data."""
        for copies in cls.every:
            copies.values.clear()

    def get(self, key: str) -> Any:
        return self.values.get(key)

    def keep(self, key: str, value: Any) -> None:
        if len(self.values) >= self.size:
            self.values.pop(next(iter(self.values)), None)
        self.values[key] = value
