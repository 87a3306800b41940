"""schema.org descriptions (JSON-LD) of project and organism pages, for search engines and
linked-data tools. Built from already-loaded objects: no query of their own beyond what the
page prefetched. ``script()`` escapes the JSON for an HTML ``<script>`` data block."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from organisms.models import OrganismKind
from projects.citations import LICENCE_URL

# As django.utils.html.json_script: nothing in the data can close the <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

CONTEXT = "https://schema.org"
ORGANISM_TYPES = {
    OrganismKind.LOCAL_AUTHORITY: "GovernmentOrganization",
    OrganismKind.PUBLIC_BODY: "GovernmentOrganization",
}


def script(data):
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    # The JSON has no <, > or & left (escaped above, as json_script does): it cannot leave the element.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 — escaped above


def _absolute(request, path):
    return request.build_absolute_uri(path)


def _organism_ref(request, organism):
    return {
        "@type": ORGANISM_TYPES.get(organism.kind, "Organization"),
        "name": organism.name,
        "url": _absolute(request, organism.get_absolute_url()),
    }


def _site(request):
    return {"@type": "WebSite", "name": settings.SITE_NAME, "url": _absolute(request, "/")}


def project(request, project):
    """The case-study page (a WebPage) about the housing development (an ApartmentComplex)."""
    url = _absolute(request, project.get_absolute_url())
    place = {"@type": "ApartmentComplex", "name": project.name}
    if project.summary:
        place["description"] = project.summary
    if project.total_homes:
        place["numberOfAccommodationUnits"] = project.total_homes
    if project.commune_id:
        commune = project.commune
        place["address"] = {
            "@type": "PostalAddress",
            "addressLocality": commune.name,
            "addressRegion": commune.department.region.name,
            "addressCountry": "FR",
        }
        place["containedInPlace"] = {
            "@type": "AdministrativeArea",
            "name": commune.department.name,
            "url": _absolute(request, commune.department.get_absolute_url()),
        }
        if commune.latitude is not None and commune.longitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": round(commune.latitude, 6),
                "longitude": round(commune.longitude, 6),
            }
    data = {
        "@context": CONTEXT,
        "@type": "WebPage",
        "@id": url,
        "url": url,
        "name": project.name,
        "inLanguage": "fr",
        "isPartOf": _site(request),
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "license": LICENCE_URL,
        "dateModified": project.updated_at,
        "about": place,
        "mentions": [
            _organism_ref(request, organism)
            for organism in {actor.organism_id: actor.organism for actor in project.actors.all()}.values()
        ],
        "citation": [
            {
                "@type": "CreativeWork",
                "name": citation.source.title,
                "author": {"@type": "Organization", "name": citation.source.publisher},
                **({"url": citation.source.url} if citation.source.url else {}),
            }
            for citation in project.citations.all()
        ],
    }
    if project.published_at:
        data["datePublished"] = project.published_at
    return data


def organism(request, organism):
    url = _absolute(request, organism.get_absolute_url())
    data = {
        "@context": CONTEXT,
        "@type": ORGANISM_TYPES.get(organism.kind, "Organization"),
        "@id": url,
        "url": url,
        "name": organism.name,
    }
    if organism.short_name:
        data["alternateName"] = organism.short_name
    if organism.description:
        data["description"] = organism.description
    if organism.website:
        data["sameAs"] = organism.website
    if organism.head_office_id:
        data["address"] = {
            "@type": "PostalAddress",
            "addressLocality": organism.head_office.name,
            "addressCountry": "FR",
        }
    return data
