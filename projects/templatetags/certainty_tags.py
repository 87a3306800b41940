"""How sure a fact is, shown beside it: a short marker that opens on its reasoning (no script needed)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from projects.models import Certainty, FieldCertainty, Project

register = template.Library()

SHORT_LABELS = {
    Certainty.AS_WRITTEN: _("à noter"),
    Certainty.COMPUTED: _("calculé"),
    Certainty.INFERRED: _("déduit"),
    Certainty.OUTSIDE: _("hors sources"),
}


def shows_mark(fact: Any) -> bool:
    """A fact as written says nothing more, unless it carries a note (a possible misprint, say)."""
    certainty = getattr(fact, "certainty", "")
    return bool(certainty) and (certainty != Certainty.AS_WRITTEN or bool(getattr(fact, "certainty_note", "")))


@register.inclusion_tag("includes/certainty_mark.html")
def certainty_mark(fact: Any) -> dict[str, Any]:
    """The marker of one fact (any object with ``certainty`` and ``certainty_note``)."""
    if not shows_mark(fact):
        return {"fact": None}
    return {
        "fact": fact,
        "label": SHORT_LABELS.get(fact.certainty, ""),
        "meaning": fact.get_certainty_display(),
    }


def field_certainty_of(project: Project, field: str) -> FieldCertainty | None:
    """The certainty record of one project field (from the prefetched records: no query per field)."""
    for record in project.field_certainties.all():
        if record.field == field:
            return record
    return None


@register.inclusion_tag("includes/field_certainty.html")
def field_certainty(project: Project, field: str) -> dict[str, Any]:
    """The source link and the certainty marker of one of a project's own fields."""
    return {"record": field_certainty_of(project, field)}
