from django import template

from projects import jsonld
from projects.filters import filter_querystring
from projects.models import TenureCategory

register = template.Library()


@register.simple_tag
def category_label(value):
    """Label of a tenure category code ("social_rental" -> "Locatif social")."""
    try:
        return TenureCategory(value).label
    except ValueError:
        return value


@register.simple_tag
def valid_filter_querystring(filterset):
    """The filter part of the page's query string, without the values the page ignored as invalid
    (so that export, feed and API links give the projects shown rather than a 400)."""
    return filter_querystring(filterset.data, drop=filterset.form.errors)


@register.simple_tag(takes_context=True)
def project_json_ld(context, project):
    """``<script type="application/ld+json">`` describing a project page (schema.org)."""
    return jsonld.script(jsonld.project(context["request"], project))


@register.simple_tag(takes_context=True)
def organism_json_ld(context, organism):
    return jsonld.script(jsonld.organism(context["request"], organism))
