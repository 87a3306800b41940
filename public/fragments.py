"""The cached fragments of a page, read in one round trip before it renders (``{% fragment %}``,
``public/templatetags/fragment_tags.py``). The filter panel's key: ``caching.fragment_keys``."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.cache import BaseCache, InvalidCacheBackendError, caches
from django.core.cache.utils import make_template_fragment_key


def fragment_cache() -> BaseCache:
    """The cache ``{% cache %}`` uses when none is named."""
    try:
        return caches["template_fragments"]
    except InvalidCacheBackendError:
        return caches["default"]


class Fragments(dict[str, str]):
    """{key: rendered fragment} of the fragments found, and ``asked``: every key looked for (a key
    asked and not found is a miss: ``{% fragment %}`` renders and stores it without reading again)."""

    def __init__(self, found: dict[str, str], asked: Iterable[str]):
        super().__init__(found)
        self.asked = frozenset(asked)


def read_fragments(fragments: Iterable[tuple[str, Sequence[Any]]]) -> Fragments:
    """The fragments present, for (fragment name, its ``{% cache %}`` vary-on values), in one read."""
    keys = [make_template_fragment_key(name, list(vary_on)) for name, vary_on in fragments]
    return Fragments(fragment_cache().get_many(keys), keys)
