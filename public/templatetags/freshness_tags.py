"""« Informations vérifiées le … » on a project's page (``projects/_freshness.html``)."""

from django import template

from projects.freshness import Freshness, freshness_of

register = template.Library()


@register.simple_tag
def project_freshness(project) -> Freshness:
    return freshness_of(project)
