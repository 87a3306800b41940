from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from common.dates import english_date
from projects.filters import filter_querystring
from projects.models import OPEN_STATES, OpeningState, TenureCategory, TenureLine

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from organisms.models import Organism
    from projects.filters import ProjectFilter
    from projects.models import Photo, Project

register = template.Library()

TENURE_CATEGORY_ORDER = ("social_rental", "social_ownership", "free_market", "cooperative", "ownership_unspecified")


@register.simple_tag
def category_label(value: str) -> StrOrPromise:
    """Label of a tenure category code ("social_rental" -> "Locatif social")."""
    try:
        return TenureCategory(value).label
    except ValueError:
        return value


@register.simple_tag
def valid_filter_querystring(filterset: ProjectFilter) -> str:
    """The filter part of the page's query string, without the values the page ignored as invalid
    (so that export, feed and API links give the projects shown rather than a 400)."""
    return filter_querystring(filterset.data, drop=filterset.form.errors)


@register.simple_tag
def project_developers(project: Project) -> list[Organism]:
    """Developer organisms of a project, only if they were prefetched (else an empty list).

    Understands ``card_queryset()``'s ``developer_actors`` and a plain
    ``prefetch_related("actors__organism")``; never queries on its own.
    """
    actors = getattr(project, "developer_actors", None)
    if actors is None:
        cache = getattr(project, "_prefetched_objects_cache", {})
        if "actors" not in cache:
            return []
        actors = [actor for actor in cache["actors"] if actor.role == "developer"]
    return [actor.organism for actor in actors]


@register.simple_tag
def project_photo(project: Project) -> Photo | None:
    """The first photo of a project, only if ``card_queryset()`` prefetched them (else None); never queries."""
    photos = getattr(project, "card_photos", None)
    return photos[0] if photos else None


@register.simple_tag
def project_categories(project: Project) -> list:
    """Tenure categories present in a project, in a fixed order, only if its lines were prefetched."""
    cache = getattr(project, "_prefetched_objects_cache", {})
    if "tenure_lines" not in cache:
        return []
    found = set()
    for line in cache["tenure_lines"]:
        if line.status_id and not TenureLine.status.is_cached(line):
            continue
        found.add(line.effective_category)
    return [{"code": code, "label": TenureCategory(code).label} for code in TENURE_CATEGORY_ORDER if code in found]


@register.filter
def date_as_written(text: str | None) -> SafeString | str:
    """A date as the source writes it, in the page's language: « 11 janvier 2017 » on a French
    page, "11 January 2017" on an English one; a text that is not only a date (« fin 2019
    (prévue) ») stays as written, marked ``lang="fr"`` on English pages."""
    if not text:
        return ""
    if (get_language() or "fr").startswith("fr"):
        return conditional_escape(text)
    translated = english_date(text)
    if translated is not None:
        return conditional_escape(translated)
    return format_html('<span lang="fr">{}</span>', text)


@register.inclusion_tag("includes/opening_badge.html")
def opening_badge(project: Project, link: bool = False) -> dict[str, object]:
    """The recruitment badge of a project annotated by ``with_opening()`` (cards, page): none when
    the project has no opening or was not annotated. ``link``: a « Comment rejoindre » link to the
    page's section follows (cards)."""
    state = getattr(project, "opening_state", None)
    url = f"{project.get_absolute_url()}#comment-rejoindre" if link else ""
    try:
        label = OpeningState(state).label if state else ""
    except ValueError:
        state, label = None, ""
    return {
        "state": state,
        "label": label,
        "as_of": getattr(project, "opening_as_of", None),
        "open": state in OPEN_STATES,
        "url": url,
        "name": project.name,
    }


@register.simple_tag
def opening_state_label(state: str | None) -> str:
    """« Logements disponibles », « À confirmer »… for an opening state code ("" when none)."""
    try:
        return str(OpeningState(state).label) if state else ""
    except ValueError:
        return ""
