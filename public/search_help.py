"""What the list says about a text search: the place it names (its page first) and, when the words
found nothing as typed, the spelling searched instead (« Vouliez-vous dire … ? »)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from common.text import normalize
from geo.models import Department, Region
from geo.places import POSTCODE_RE, resolve_place
from projects.search import CORRECTED, SearchPlan


def territory_named(text: str) -> Department | Region | None:
    """The département (by name or code) or region whose name is ``text``, accents and case ignored."""
    wanted = normalize(text)
    if not wanted:
        return None
    for model in (Department, Region):
        for territory in model.objects.all():
            if normalize(territory.name) == wanted or (model is Department and territory.code.lower() == wanted):
                return territory
    return None


def place_offer(text: str) -> dict | None:
    """The page of the place ``text`` names exactly: a département or region page, or the
    projects near a commune (by its name, when only one commune has it, or its postcode)."""
    text = (text or "").strip()
    territory = territory_named(text)
    if territory is not None:
        return {"territory": territory, "url": territory.get_absolute_url(), "name": territory.name}
    if len(text) < 2:
        return None
    place = resolve_place(text)
    commune = place.commune
    if commune is None or not (POSTCODE_RE.match(text) or commune.search_name == normalize(text)):
        return None
    query = urlencode({"lieu": commune.name, "commune": commune.insee_code})
    return {"commune": commune, "url": f"{reverse('geo:near')}?{query}", "name": commune.name}


def search_help(plan: SearchPlan | None) -> dict:
    """Context for ``projects/includes/search_help.html``."""
    if plan is None:
        return {}
    context: dict = {"place_offer": place_offer(plan.text)}
    if plan.mode == CORRECTED:
        context["did_you_mean"] = {
            "text": plan.suggestion,
            "url": f"{reverse('projects:list')}?{urlencode({'q': plan.suggestion})}",
            "typed": plan.text,
        }
    return context
