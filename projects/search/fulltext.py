"""Full-text matching and ranking from indexes, one implementation per database.

PostgreSQL: ``projects_project.search_vector``, a stored generated ``tsvector`` (migration
``0010_search_indexes``) weighted A (the project's name), B (``search_names``: commune,
département, region, organisms) and C (``search_document``), under a GIN index. Matching and
ranking read that column: no vector is computed at query time.

SQLite: the FTS5 table ``projects_project_fts`` (columns name, names, document; rowid = project
id), written only by ``index.refresh_search_text``; ranked by ``bm25`` with the same column
weights.

Each query word matches as a prefix (« arte » finds Arte, Artel, never pARTEnaire); a plural
``s`` is dropped first so « coopératives » finds « coopérative ».
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.postgres.search import SearchVectorField
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Expression, F, FloatField, Q, QuerySet
from django.db.models.expressions import Col, Combinable
from django.db.models.sql.compiler import SQLCompiler

from ..models import Project

SEARCH_CONFIG = "french_unaccent"
FTS_TABLE = "projects_project_fts"
# Column weights, name first, then places and organisms, then the rest of the text.
WEIGHTS = (10.0, 4.0, 1.0)
_VECTOR_FIELD = SearchVectorField()
_VECTOR_FIELD.set_attributes_from_name("search_vector")
_VECTOR_FIELD.model = Project


def light_stem(word: str) -> str:
    """« cooperatives » → « cooperative »; short words and « bordeaux » stay."""
    if len(word) > 4 and word.endswith("s"):
        return word[:-1]
    return word


def prefix_tsquery(words: list[str]) -> str:
    """``to_tsquery`` text: every word, as a prefix. Words are normalised (a-z, 0-9 only)."""
    return " & ".join(f"{light_stem(word)}:*" for word in words)


def full_text_texts(words: list[str]) -> tuple[str, str]:
    """PostgreSQL: the texts a full-text search sends, the prefix query and the exact words."""
    return prefix_tsquery(words), " ".join(words)


def fts5_match(words: list[str]) -> str:
    """FTS5 MATCH text: every word, as a prefix, quoted (no FTS5 syntax from the visitor)."""
    return " AND ".join(f'"{light_stem(word)}"*' for word in words)


class _OnStoredVector(Expression):
    """Base of the PostgreSQL expressions over the stored vector of the query's own table row."""

    def __init__(
        self, words: list[str], vector: Expression | None = None, *, texts: tuple[str, str] | None = None
    ) -> None:
        super().__init__()
        self.words = words
        self.vector: Any = vector
        # (prefix query, exact words) as ``full_text_texts`` gives them, when the caller passes them as
        # values of their own (common/precompiled.py: one SQL for every search), else from ``words``.
        self.texts = texts or full_text_texts(words)

    def get_source_expressions(self) -> list[Any]:
        return [self.vector] if self.vector is not None else []

    def set_source_expressions(self, exprs: Sequence[Combinable | Expression]) -> None:
        if exprs:
            self.vector = exprs[0]

    def resolve_expression(self, query: Any = None, *args: Any, **kwargs: Any) -> _OnStoredVector:
        clone = self.copy()
        clone.vector = Col(query.get_initial_alias(), _VECTOR_FIELD)
        return clone

    def _vector_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
        if self.vector is None:
            raise ValueError("resolve_expression() was not called")
        sql, params = compiler.compile(self.vector)
        return sql, list(params)


class VectorMatches(_OnStoredVector):
    output_field = BooleanField()
    conditional = True

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, tuple[str | int, ...]]:
        vector, params = self._vector_sql(compiler, connection)
        return f"{vector} @@ to_tsquery(%s::regconfig, %s)", (*params, SEARCH_CONFIG, self.texts[0])


class VectorRank(_OnStoredVector):
    """``ts_rank`` (weights A 1.0, B 0.4, C 0.2) of the prefix query, plus that of the exact words
    (``websearch_to_tsquery``): a name spelt out ranks above a name that only starts so. In double
    precision: a ``real`` read by Python and sent back in a keyset cursor would not compare equal."""

    output_field = FloatField()

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, tuple[str | int, ...]]:
        vector, params = self._vector_sql(compiler, connection)
        weights = "'{0.05, 0.2, 0.4, 1.0}'::float4[]"
        sql = (
            f"(ts_rank({weights}, {vector}, to_tsquery(%s::regconfig, %s))::float8 "
            f"+ ts_rank({weights}, {vector}, websearch_to_tsquery(%s::regconfig, %s))::float8)"
        )
        prefix, exact = [SEARCH_CONFIG, self.texts[0]], [SEARCH_CONFIG, self.texts[1]]
        return sql, (*params, *prefix, *params, *exact)


class Bm25Rank(Expression):
    """SQLite: minus the ``bm25`` of the row's FTS5 entry (higher is better)."""

    output_field = FloatField()

    def __init__(self, words: list[str], pk: Any = None) -> None:
        super().__init__()
        self.words = words
        self.pk: Any = pk if pk is not None else F("pk")

    def get_source_expressions(self) -> list[Any]:
        return [self.pk]

    def set_source_expressions(self, exprs: Sequence[Combinable | Expression]) -> None:
        (self.pk,) = exprs

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, tuple[str | int, ...]]:
        pk_sql, pk_params = compiler.compile(self.pk)
        weights = ", ".join(str(weight) for weight in WEIGHTS)
        # Constant table name and weights; the words are a parameter.
        sql = f"(SELECT -bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid = {pk_sql})"  # noqa: S608
        return sql, (fts5_match(self.words), *pk_params)


def full_text(queryset: QuerySet[Any], words: list[str], vendor: str) -> QuerySet[Any]:
    """``queryset`` narrowed to the projects whose indexed text holds every word (as a prefix)."""
    if vendor == "postgresql":
        return queryset.filter(VectorMatches(words))
    from django.db.models.expressions import RawSQL  # noqa: PLC0415 — only here

    matching = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [fts5_match(words)])  # noqa: S608, S611 — constant table, words as parameter
    return queryset.filter(Q(pk__in=matching))


def full_text_rank(words: list[str], vendor: str) -> Expression:
    return VectorRank(words) if vendor == "postgresql" else Bm25Rank(words)


def searched_by_texts(queryset: QuerySet[Any], prefix: str, exact: str) -> QuerySet[Any]:
    """PostgreSQL: ``queryset`` narrowed and ranked as ``apply_plan`` does for a full-text plan, from
    the texts ``full_text_texts`` gives (values of their own: the SQL does not depend on them)."""
    texts = (prefix, exact)
    return queryset.filter(VectorMatches([], texts=texts)).annotate(search_rank=VectorRank([], texts=texts))
