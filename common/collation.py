"""Names sorted as a French reader expects, on both databases: « Écoterra » among the E,
« Îlot Gerbert » among the I — not after Z, where byte order puts accented capitals.

``collated("name")`` is ``name COLLATE catalogue_fr``: on PostgreSQL an ICU French collation
created by a migration (projects/migrations/0010_catalogue_fr_collation.py); on SQLite the
function ``compare`` registered on each new connection (``register_sqlite_collation``, connected
in projects/apps.py). Both are deterministic (ties broken by the exact text), so equality stays
exact and keyset cursors (projects/keyset.py) compare with the same collation.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db.models import F
from django.db.models.functions import Collate

NAME_COLLATION = "catalogue_fr"
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def sort_key(text: str) -> tuple[str, str]:
    """Accents and case ignored first, then the exact text (deterministic)."""
    folded = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(char for char in folded if not unicodedata.combining(char)).casefold(), text


def compare(left: str, right: str) -> int:
    """SQLite collation function: negative, zero or positive, like strcmp."""
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: teaches each new SQLite connection ``catalogue_fr``."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(NAME_COLLATION, compare)


def collated(field: str) -> Collate:
    """``field COLLATE catalogue_fr``, for order_by() and comparisons."""
    return Collate(F(field), NAME_COLLATION)
