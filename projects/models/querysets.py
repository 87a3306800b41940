"""What can be asked of the set of projects."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models

from .certainty import FieldCertainty
from .facts import ActorRole, Milestone, ProjectActor, TenureLine
from .figures import CommonSpace, CostFigure, Quote, Surface
from .openings import ProjectOpening, ProjectVisit, opening_state
from .photo import Photo
from .reference import PublicationStatus
from .sources import ProjectSource

if TYPE_CHECKING:
    from .project import Project  # noqa: F401 — named in the base QuerySet["Project"] (a string: no cycle)


class ProjectQuerySet(models.QuerySet["Project"]):
    # True on ``Project.objects.published()`` itself (a clone, once filtered further, is False): every
    # published project, so what is decided among them holds for the catalogue version (search plans).
    every_published = False

    def published(self) -> ProjectQuerySet:
        """The only definition of what the public may see."""
        queryset = self.filter(status=PublicationStatus.PUBLISHED)
        queryset.every_published = not self.query.where and not self.query.is_sliced
        return queryset

    def with_actor_among(self, organism_ids: Iterable[int] | models.QuerySet) -> ProjectQuerySet:
        """Projects where one of ``organism_ids`` is an actor (each project once)."""
        return self.filter(pk__in=ProjectActor.objects.filter(organism__in=organism_ids).values("project"))

    def with_geography(self) -> ProjectQuerySet:
        return self.select_related("commune__department__region", "former_region__region")

    def with_opening(self) -> ProjectQuerySet:
        """Annotate ``opening_state`` (the status, or « to_confirm » once older than its validity:
        ``openings.opening_state``, the one rule) and ``opening_as_of``; no extra query (at most
        one opening per project, so the join never duplicates a row)."""
        if "opening_state" in self.query.annotations:
            return self
        return self.annotate(opening_state=opening_state(), opening_as_of=models.F("openings__as_of"))

    def with_opening_rows(self) -> ProjectQuerySet:
        """The opening itself (``opening_rows``, its tenure statuses prefetched): two queries."""
        return self.with_opening().prefetch_related(
            models.Prefetch(
                "openings", queryset=ProjectOpening.objects.prefetch_related("tenures"), to_attr="opening_rows"
            )
        )

    def with_opening_details(self) -> ProjectQuerySet:
        """The opening (with its tenure statuses) and the visits, for a page or the API's detail."""
        return self.with_opening_rows().prefetch_related(
            models.Prefetch("visits", queryset=ProjectVisit.objects.order_by("starts_at", "pk"), to_attr="visit_rows"),
        )

    def for_cards(self) -> ProjectQuerySet:
        """What a project card shows, in four queries whatever the number of cards."""
        return self.with_geography().with_opening().prefetch_related(*card_prefetches())

    def for_card_rows(self) -> ProjectQuerySet:
        """A page's cards as keys (one narrow query): what names a cached card (id, recruitment
        state) and what the next page's cursor reads (the sort keys). The pages' cards come from
        the cache (``public.cards``), which reads ``for_card_bodies()`` only for the cards it misses."""
        return self.only(*CARD_KEY_FIELDS).with_opening()

    def for_card_bodies(self) -> ProjectQuerySet:
        """The cards' rows without their children (one query), for the cards the cache misses
        (``card_prefetches()`` then reads their children). Only what a card shows: the commune and
        its département (not the regions), not the long texts."""
        return self.select_related("commune__department").defer(*CARD_UNUSED_TEXTS).with_opening()

    def count_by_department(self) -> dict[str, int]:
        """{département code: number of projects} of this (filtered) queryset, in ONE query."""
        rows = (
            self.model.objects.filter(pk__in=self.order_by().values("pk"))
            .exclude(commune=None)
            .values_list("commune__department__code")
            .annotate(n=models.Count("pk"))
            .order_by()
        )
        return dict(rows)

    def with_case_study(self) -> ProjectQuerySet:
        """Everything a project's page (or API detail) shows: one query per kind of child, each
        child with its source (and tenure status, organism) in that same query."""
        return self.with_geography().with_opening().prefetch_related(*case_study_prefetches())


# A card row as a page reads it (the rest comes with the cached card): the card's key and every
# column a sort orders by (projects.keyset reads the last row's).
CARD_KEY_FIELDS = ("id", "name", "slug", "delivery_year", "total_homes")

# Long texts a card never shows (read by the project page, the exports and the search).
CARD_UNUSED_TEXTS = (
    "description",
    "neighbourhood_context",
    "how_to_get_involved",
    "notes",
    "search_document",
    "search_names",
)


def card_prefetches() -> list[models.Prefetch]:
    """The children a project card shows: developers, tenure lines (their categories), photos."""
    return [
        models.Prefetch(
            "actors",
            queryset=ProjectActor.objects.filter(role=ActorRole.DEVELOPER).select_related("organism"),
            to_attr="developer_actors",
        ),
        models.Prefetch("tenure_lines", queryset=TenureLine.objects.select_related("status")),
        models.Prefetch("photos", queryset=Photo.objects.order_by("position", "pk"), to_attr="card_photos"),
    ]


def _in_order(queryset: models.QuerySet) -> models.QuerySet:
    """The model's own order, ties (two citations of one source…) by primary key: the same order
    on every database, and the one ``projects.children`` reads."""
    return queryset.order_by(*queryset.model._meta.ordering, "pk")


def case_study_prefetches() -> list[str | models.Prefetch]:
    """The children of ``with_case_study`` (for ``prefetch_related_objects`` on a project already
    read: the project page reads them only when its cached fragments are missing)."""
    return [
        models.Prefetch(
            "openings", queryset=ProjectOpening.objects.prefetch_related("tenures"), to_attr="opening_rows"
        ),
        models.Prefetch("visits", queryset=ProjectVisit.objects.order_by("starts_at", "pk"), to_attr="visit_rows"),
        "intervention_modes",
        models.Prefetch("tenure_lines", queryset=TenureLine.objects.select_related("status", "source")),
        models.Prefetch("actors", queryset=_in_order(ProjectActor.objects.select_related("organism", "source"))),
        *(
            models.Prefetch(name, queryset=_in_order(model._default_manager.select_related("source")))
            for name, model in (
                ("milestones", Milestone),
                ("surfaces", Surface),
                ("cost_figures", CostFigure),
                ("common_spaces", CommonSpace),
                ("quotes", Quote),
                ("citations", ProjectSource),
                ("field_certainties", FieldCertainty),
            )
        ),
    ]
