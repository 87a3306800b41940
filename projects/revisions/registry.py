"""The one list of a project's child rows that make up its content.

A revision (twin) starts as a copy of these rows, the moderator's diff compares them, and
approval moves them onto the published project. A new kind of project line (a model with a
``project`` foreign key that editors fill in) is added here, in ONE line: the test
``tests/projects/revisions/test_registry.py`` fails while a relation of Project is neither
here nor in ``NOT_CONTENT``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from ..models import Project

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Child:
    """A kind of child row: Project's reverse accessor, a heading, the fields shown in a diff."""

    related_name: str
    heading: StrOrPromise
    # Fields compared and shown in the diff, in this order; the first ones name the row.
    fields: tuple[str, ...]

    @property
    def model(self) -> type[Model]:
        related = Project._meta.get_field(self.related_name).related_model
        if not (isinstance(related, type) and issubclass(related, Model)):
            raise TypeError(f"Project.{self.related_name} is not a relation to a model")
        return related


_SOURCED = ("source", "locator", "certainty", "certainty_note")

CHILDREN: tuple[Child, ...] = (
    Child("tenure_lines", _("Statuts d'occupation"), ("status", "category", "homes", "label_as_written", *_SOURCED)),
    Child("actors", _("Acteurs"), ("organism", "role", "description", "source", "certainty", "certainty_note")),
    Child("milestones", _("Étapes"), ("kind", "date_text", "year", "month", "description", *_SOURCED)),
    Child("surfaces", _("Surfaces"), ("measure", "area_m2", "scope", *_SOURCED)),
    Child(
        "cost_figures",
        _("Coûts et prix"),
        ("kind", "amount", "unit", "surface_basis", "tax_basis", "note", *_SOURCED),
    ),
    Child(
        "common_spaces",
        _("Espaces communs"),
        ("name", "area_m2", "area_is_approximate", "description", *_SOURCED),
    ),
    Child("quotes", _("Citations de personnes"), ("text", "attribution", *_SOURCED)),
    Child("citations", _("Sources citées"), ("source", "locator", "facts")),
    Child("photos", _("Photos"), ("image", "caption", "alt_text", "credit", "licence", "position")),
    Child(
        "field_certainties",
        _("Certitude des informations du projet"),
        ("field", "certainty", "certainty_note", "source", "locator"),
    ),
    # The opening's tenures (many-to-many) are copied with it and moved with it; the diff shows the other fields.
    Child(
        "openings",
        _("Ouverture aux nouveaux habitants"),
        ("status", "as_of", "homes_available", "how_to_join"),
    ),
    Child(
        "visits",
        _("Visites et réunions d'information"),
        ("kind", "starts_at", "place", "how_to_register", "registration_url"),
    ),
)

#: Relations of Project that are not content: the workflow's log, the twin link itself, imports,
#: the yearly reminders, and what visitors wrote about the project (it stays with the live project).
NOT_CONTENT = frozenset(
    {"transitions", "pending_revision", "revision_of", "verification_reminders", "error_reports", "contact_messages"}
)

#: The project's own fields a revision carries (everything an editor fills in the form), and
#: its many-to-many ones. Never: identity, address (slug), publication state, search text.
NOT_CARRIED = frozenset(
    {
        "id",
        "slug",
        "status",
        "published_at",
        "created_at",
        "updated_at",
        "last_verified_on",
        "revision_of",
        "search_document",
        "search_names",
    }
)


def carried_fields() -> list[str]:
    return [field.name for field in Project._meta.concrete_fields if field.name not in NOT_CARRIED]


def carried_many_to_many() -> list[str]:
    return [field.name for field in Project._meta.many_to_many if field.name not in ("organisms", "sources")]
