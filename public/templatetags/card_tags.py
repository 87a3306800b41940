"""``{% project_cards projects compare_form="…" as cards %}``: the cards of a page, from the cache
(``public.cards``), each the HTML ``{% include "includes/project_card.html" %}`` would render."""

from django import template

from public.cards import render_cards

register = template.Library()


@register.simple_tag
def project_cards(projects, compare_form="", heading_level=None):
    return render_cards(projects, compare_form=compare_form, heading_level=heading_level)
