from django import template
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from ..engine import current_ceilings
from ..models import Tenure
from ..zones import is_overseas

register = template.Library()

LABELS = {
    Tenure.PLAI: _("logement très social (prêt locatif aidé d'intégration)"),
    Tenure.PLUS: _("logement social classique (prêt locatif à usage social)"),
    Tenure.PLS: _("logement social intermédiaire (prêt locatif social)"),
    Tenure.PSLA: _("location-accession (prêt social location-accession)"),
    Tenure.BRS: _("bail réel solidaire : on achète le logement, pas le terrain"),
}
# Catalogue tenure status codes (fixtures/reference.json) → the helper's tenures.
FROM_STATUS = {"plai": Tenure.PLAI, "plus": Tenure.PLUS, "pls": Tenure.PLS, "psla": Tenure.PSLA, "brs": Tenure.BRS}


@register.filter
def euros(amount):
    """26920 → « 26 920 € » in French, « €26,920 » in English."""
    if amount is None or amount == "":
        return ""
    amount = int(amount)
    if (translation.get_language() or "fr").startswith("en"):
        return f"€{amount:,}"
    return f"{amount:,}".replace(",", "\u202f") + "\u00a0€"


@register.simple_tag
def tenure_label(tenure):
    return LABELS.get(tenure, "")


@register.inclusion_tag("eligibility/_project_box.html")
def eligibility_box(project):
    """The « Ces logements sont-ils pour moi ? » box of a project page."""
    commune = project.commune
    year = timezone.localdate().year
    codes = {line.status.code for line in project.tenure_lines.all() if line.status_id}
    tenures = [FROM_STATUS[code] for code in codes if code in FROM_STATUS]
    context = {"commune": commune, "year": year, "rows": [], "overseas": False}
    if commune is not None:
        context["overseas"] = is_overseas(commune)
        context["rows"] = current_ceilings(commune, year, tenures)
    return context
