"""Project cards rendered once per catalogue version, then read for a whole page in one round trip.

A card (``includes/project_card.html``) depends only on its project (and the organisms, commune,
photos and tenure lines it shows: every change to them makes a new catalogue version), the
language, the card's variant (heading level, the comparison form it ticks into) and the project's
recruitment state, which also depends on the day (an opening older than its validity becomes « à
confirmer »): that state is computed by the page's own query (``with_opening()``) and is part of
the key. Nothing in a card depends on the visitor or the query string.

The pages read their rows with ``for_card_rows()``: only the keys (id, recruitment state, the sort
columns). The cards the cache misses are read afterwards (``card_bodies``: their columns, then
``card_prefetches()``: four queries whatever the number of missing cards, none when every card is
cached).
"""

from collections.abc import Iterable

from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from caching.version import cached_many_per_version
from projects.models import Project
from projects.models.querysets import card_prefetches

CARD_TEMPLATE = "includes/project_card.html"
CARD_SECONDS = 3600


def card_key(project: Project, variant: str) -> str:
    language = translation.get_language() or ""
    state = getattr(project, "opening_state", None) or ""
    return f"card:{language}:{variant}:{project.pk}:{state}"


def card_bodies(rows: list[Project]) -> dict[int, Project]:
    """{pk: the project as its card shows it} for the rows a page read (``for_card_rows()``: keys
    only): one query for their columns and commune, three for their children. The recruitment
    state stays the row's own (the card's key was made from it, even across midnight). A project
    deleted since the page read its row is left out."""
    bodies = Project.objects.for_card_bodies().in_bulk([row.pk for row in rows])
    for row in rows:
        if row.pk in bodies:
            for annotation in ("opening_state", "opening_as_of"):
                setattr(bodies[row.pk], annotation, getattr(row, annotation, None))
    prefetch_related_objects(list(bodies.values()), *card_prefetches())
    return bodies


def render_cards(
    projects: Iterable[Project], compare_form: str = "", heading_level: int | None = None
) -> list[SafeString]:
    """The HTML of each project's card, in order: what ``{% include "includes/project_card.html"
    with project=… compare_form=… heading_level=… %}`` renders, from the cache when it can."""
    projects = list(projects)
    variant = f"{heading_level or ''}:{compare_form}"
    order = [card_key(project, variant) for project in projects]
    keys = dict(zip(order, projects, strict=True))

    def render(missing: list[str]) -> dict[str, str]:
        bodies = card_bodies([keys[key] for key in missing])
        template = get_template(CARD_TEMPLATE)
        extra = {"compare_form": compare_form, "heading_level": heading_level}
        return {
            key: str(template.render({"project": bodies[keys[key].pk], **extra}))
            for key in missing
            if keys[key].pk in bodies
        }

    html = cached_many_per_version(list(keys), render, CARD_SECONDS)
    # (a card missing from ``html``: its project was deleted while the page was read)
    return [mark_safe(html[key]) for key in order if key in html]  # noqa: S308 — the card template's own (escaped) output
