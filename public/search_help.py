"""What the list says about a text search: the place it names (its page first) and, when the words
found nothing as typed, the spelling searched instead (« Vouliez-vous dire … ? »)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from caching.version import cached_per_version
from common.text import normalize
from geo.models import Department, Region
from geo.places import POSTCODE_RE, resolve_place
from projects.search import CORRECTED, SearchPlan


def _territory_names() -> dict[str, dict]:
    """{normalised name or département code: {"name", "url", "territory": kind}}, per catalogue version
    and language (the pages' addresses carry it)."""
    names: dict[str, dict] = {}
    for kind, model in (("region", Region), ("department", Department)):
        for territory in model.objects.all():
            entry = {"territory": kind, "name": territory.name, "url": territory.get_absolute_url()}
            names[normalize(territory.name)] = entry
            if kind == "department":
                names[territory.code.lower()] = entry
    return names


def territory_named(text: str) -> dict | None:
    """The département (by name or code) or region whose name is ``text``, accents and case ignored."""
    wanted = normalize(text)
    if not wanted:
        return None
    found: dict | None = cached_per_version(f"territory-names:{get_language()}", _territory_names).get(wanted)
    return found


def place_offer(text: str) -> dict | None:
    """The page of the place ``text`` names exactly: a département or region page, or the
    projects near a commune (by its name, when only one commune has it, or its postcode)."""
    text = (text or "").strip()
    territory = territory_named(text)
    if territory is not None:
        return territory
    if len(text) < 2:
        return None
    place = resolve_place(text)
    commune = place.commune
    if commune is None or not (POSTCODE_RE.match(text) or commune.search_name == normalize(text)):
        return None
    query = urlencode({"lieu": commune.name, "commune": commune.insee_code})
    return {"commune": commune, "url": f"{reverse('geo:near')}?{query}", "name": commune.name}


def search_help(plan: SearchPlan | None) -> dict:
    """Context for ``projects/includes/search_help.html``; the place is looked up only when read (the
    list caches the help in a fragment: public/views/projects.py)."""
    if plan is None:
        return {}
    text = plan.text
    context: dict = {"place_offer": SimpleLazyObject(lambda: place_offer(text))}
    if plan.mode == CORRECTED:
        context["did_you_mean"] = {
            "text": plan.suggestion,
            "url": f"{reverse('projects:list')}?{urlencode({'q': plan.suggestion})}",
            "typed": plan.text,
        }
    return context
