"""How to cite the catalogue: one wording for the project page, the API and the exports.

A citation gives the title, the publishing organisation (the site), the date of the last
update, the address and the date the reader retrieved it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

LICENCE_NAME = "Licence Ouverte / Open Licence 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


if TYPE_CHECKING:
    from .models import Project, Source


def day_text(value: date | datetime) -> str:
    """ "3 mars 2025" (in the active language), in local time for a datetime."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = timezone.localtime(value)
    return date_format(value, "j F Y")


def citation_template() -> str:
    """The wording of a project citation, with the site's name filled in: %(name)s, %(updated)s, %(url)s, %(today)s."""
    return _("« %(name)s », %(site)s, mis à jour le %(updated)s. %(url)s (consulté le %(today)s).").replace(
        "%(site)s", settings.SITE_NAME.replace("%", "%%")
    )


def project_citation(
    project: Project, url: str, retrieved: date | None = None, updated: date | datetime | None = None
) -> str:
    """« Terra Arte », Habitat participatif & logement social, mis à jour le 3 mars 2025. https://… (consulté le …).

    ``updated`` defaults to the project's ``updated_at``; a page that knows a later change (of one
    of its lines, say) passes it.
    """
    return citation_template() % {
        "name": project.name,
        "updated": day_text(updated or project.updated_at),
        "url": url,
        "today": day_text(retrieved or timezone.localdate()),
    }


def dataset_citation(url: str, generated_at: datetime, description: str = "") -> str:
    """How to cite an export: the selection, the site, the extraction date and the address."""
    title = _("Projets d'habitat participatif en logement social")
    if description:
        title = f"{title} ({description})"
    return _("« %(title)s », %(site)s, extraction du %(generated)s. %(url)s — %(licence)s.") % {
        "title": title,
        "site": settings.SITE_NAME,
        "generated": day_text(generated_at),
        "url": url,
        "licence": LICENCE_NAME,
    }


def source_citation(source: Source) -> str:
    """A source document as a reference: title, publisher, date, address."""
    parts = [f"« {source.title} »", source.publisher]
    if source.date_text:
        parts.append(source.date_text)
    text = ", ".join(part for part in parts if part) + "."
    if source.url:
        text += f" {source.url}"
    return text
