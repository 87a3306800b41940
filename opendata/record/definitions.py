"""The shape of the public record: a fact, and the export columns it gives."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Export:
    """One export column of a fact.

    ``path``: the project field read in ``values()`` (the value is that field, ``None`` for a blank
    text when ``blank_as_null``); or ``compute``: a function of the row's ``Facts``, with ``reads``
    naming the project fields it needs.
    """

    name: str
    type: str  # integer, number, text, code, codes, list, url, datetime
    description: Promise | str
    path: str | None = None
    blank_as_null: bool = False
    compute: Callable[[Any], Any] | None = field(default=None, repr=False)
    reads: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fact:
    """A fact of the public record: its export columns and its API field name (None: not there)."""

    key: str
    export: tuple[Export, ...] = ()
    api: str | None = None
    detail_only: bool = False  # in the API's project detail only (not in its list)
    one_sided: str = ""  # why the fact is in one output only


def same(key: str, type_: str, description: Promise, path: str | None = None, **options: Any) -> Fact:
    """A fact with one export column and one API field, both named ``key``."""
    return Fact(key, export=(Export(key, type_, description, path or key, **options),), api=key)
