from django import template

from projects.models import TenureCategory

register = template.Library()


@register.simple_tag
def category_label(value):
    """Label of a tenure category code ("social_rental" -> "Locatif social")."""
    try:
        return TenureCategory(value).label
    except ValueError:
        return value
