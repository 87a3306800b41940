"""The catalogue's version: read from the database at most once per request, and on the hot path
(cache hits, 304s) at most once per ``CATALOGUE_VERSION_RECHECK_SECONDS`` per process.

The database row (bumped by triggers, ``caching.triggers``) is the truth. Each process keeps the
last value it read and reads it again when it is older than the recheck delay (default 1 s, 0 =
every request) or as soon as this process has written anything (any INSERT, UPDATE or DELETE
through Django marks it stale: ``watch_writes``, installed on every connection). So a process
sees its own writes at once; another process's writes within the recheck delay. A cache hit
then costs no database round trip at all.
"""

import secrets
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .models import CatalogueVersion

_current = ContextVar("catalogue_version", default=None)
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "TRUNCATE")


@dataclass(frozen=True)
class Version:
    token: str
    changed_at: datetime


class _ProcessVersion:
    """The last version this process read, when, and whether a write of ours made it stale."""

    def __init__(self):
        self.lock = threading.Lock()
        self.version = None
        self.read_at = 0.0
        self.generation = 0  # bumped by each write seen; a read started before it is not kept

    def get(self):
        recheck = getattr(settings, "CATALOGUE_VERSION_RECHECK_SECONDS", 1.0)
        with self.lock:
            version, read_at, generation = self.version, self.read_at, self.generation
        if version is not None and recheck > 0 and time.monotonic() - read_at < recheck:
            return version
        version = read_version()
        with self.lock:
            if self.generation == generation:
                self.version, self.read_at = version, time.monotonic()
        return version

    def forget(self):
        with self.lock:
            self.version = None
            self.generation += 1


process_version = _ProcessVersion()


def watch_writes(execute, sql, params, many, context):
    """``connection.execute_wrapper``: a write makes the process's version stale (after it runs)."""
    try:
        return execute(sql, params, many, context)
    finally:
        if sql.lstrip()[:8].upper().startswith(WRITES):
            process_version.forget()


def install_write_watch(sender, connection, **kwargs):
    """``connection_created``: watch this connection's writes."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def read_version():
    row = CatalogueVersion.objects.filter(id=1).values_list("token", "changed_at").first()
    if row is None:  # a flushed database (transactional tests): recreate it
        row = (secrets.token_hex(16), timezone.now())
        CatalogueVersion.objects.get_or_create(id=1, defaults={"token": row[0], "changed_at": row[1]})
    return Version(*row)


def catalogue_version():
    """The version for this request (read once by the middleware), else the process's value."""
    return _current.get() or process_version.get()


class request_version:
    """Context manager: ``catalogue_version()`` answers from one read for the duration."""

    def __enter__(self):
        self.version = process_version.get()
        self._reset = _current.set(self.version)
        return self.version

    def __exit__(self, *exc):
        _current.reset(self._reset)


def version_key(key, token=None):
    """The cache key of ``key`` in the current catalogue version: a new version, new keys."""
    return f"v:{token or catalogue_version().token}:{key}"


def cached_per_version(key, compute, timeout=3600):
    """``compute()`` once per catalogue version: e.g. the headline figures, the statistics of a
    filter combination. ``key`` names the value (and the filters it depends on)."""
    full_key = version_key(key)
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def cached_many_per_version(keys, compute_missing, timeout=3600, in_cache=None, token=None):
    """``cached_per_version`` for several values read in ONE round trip (``get_many``), e.g. the
    cards of a page: ``compute_missing(missing_keys)`` returns {key: value} for those not cached,
    which are stored in one ``set_many``. Returns {key: value} for every key computed or found.
    ``in_cache``: another cache than the default; ``token``: a version read earlier (a stream's)."""
    store = cache if in_cache is None else in_cache
    token = token or catalogue_version().token
    full_keys = {version_key(key, token): key for key in keys}
    values = {full_keys[full]: value for full, value in store.get_many(list(full_keys)).items()}
    missing = [key for key in keys if key not in values]
    if missing:
        computed = compute_missing(missing)
        store.set_many({version_key(key, token): value for key, value in computed.items()}, timeout)
        values.update(computed)
    return values
