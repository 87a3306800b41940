"""The catalogue's version: one cheap query, read at most once per request."""

import secrets
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.utils import timezone

from .models import CatalogueVersion

_current = ContextVar("catalogue_version", default=None)


@dataclass(frozen=True)
class Version:
    token: str
    changed_at: datetime


def read_version():
    row = CatalogueVersion.objects.filter(id=1).values_list("token", "changed_at").first()
    if row is None:  # a flushed database (transactional tests): recreate it
        row = (secrets.token_hex(16), timezone.now())
        CatalogueVersion.objects.get_or_create(id=1, defaults={"token": row[0], "changed_at": row[1]})
    return Version(*row)


def catalogue_version():
    """The version for this request (read once by the middleware), else read now."""
    return _current.get() or read_version()


class request_version:
    """Context manager: ``catalogue_version()`` answers from one read for the duration."""

    def __enter__(self):
        self.version = read_version()
        self._reset = _current.set(self.version)
        return self.version

    def __exit__(self, *exc):
        _current.reset(self._reset)


def cached_per_version(key, compute, timeout=3600):
    """``compute()`` once per catalogue version: e.g. the headline figures, the statistics of a
    filter combination. ``key`` names the value (and the filters it depends on)."""
    full_key = f"v:{catalogue_version().token}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value
