"""Site-wide template helpers: glossary links, navigation, pagination window, JSON-LD of pages.

Every tag here is tolerant: a URL that does not exist yet is left out.
"""

import html
from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse, translate_url
from django.utils import translation
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from public import jsonld
from public.glossary import get_entry

register = template.Library()

# (URL name, label) of the primary navigation, in display order. Links whose URL
# does not resolve (an app not installed yet) are simply omitted.
PRIMARY_NAVIGATION = (
    ("projects:list", _("Projets")),
    ("geo:map", _("Carte")),
    ("geo:index", _("Territoires")),
    ("organisms:list", _("Organismes")),
    ("stats:index", _("Statistiques")),
    ("glossary", _("Glossaire")),
    ("about", _("À propos")),
)


def _reverse_or_none(name, *args):
    # The menu asks for the same seven addresses on every page: reversed once per language.
    urlconf = (settings.ROOT_URLCONF, get_urlconf())
    return _reverse_cached(name, args, translation.get_language(), get_script_prefix(), urlconf)


@lru_cache(maxsize=256)
def _reverse_cached(name, args, language, script_prefix, urlconf):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@register.simple_tag
def abbr(key):
    """``{% abbr "PSLA" %}``: the acronym, explained by its expansion and linked to the glossary.

    Unknown keys render as plain (escaped) text; words without an expansion
    (``{% abbr "écoquartier" %}``) become a plain link to their definition.
    """
    raw = "" if key is None else str(key)
    entry = get_entry(raw)
    text = escape(raw)  # always escaped, even a template literal (which Django marks safe)
    if entry is None:
        return text
    url = glossary_url(raw)
    if entry.expansion:
        return format_html('<a href="{}" class="abbr-link"><abbr title="{}">{}</abbr></a>', url, entry.expansion, text)
    return format_html('<a href="{}" class="abbr-link glossary-link">{}</a>', url, text)


@register.simple_tag
def glossary_url(key):
    """``{% glossary_url "autopromotion" %}`` → "/glossaire/#autopromotion" (the page itself if unknown)."""
    base = _reverse_or_none("glossary") or "/glossaire/"
    entry = get_entry(key)
    return f"{base}#{entry.anchor}" if entry else base


@register.simple_tag(takes_context=True)
def navigation_section(context):
    """Where this page sits in the main menu: "home" on the home page, else the URL name of the
    item whose URL is the longest prefix of the page's path (/territoires/carte/ is "geo:map",
    not "geo:index"), "" elsewhere. Computed per request, outside the menu's ``{% once %}`` block,
    which is keyed by it."""
    request = context.get("request")
    path = getattr(request, "path", "") or ""
    if path and path == _reverse_or_none("home"):
        return "home"
    section, longest = "", 0
    for name, _label in PRIMARY_NAVIGATION:
        url = _reverse_or_none(name)
        if url and url != "/" and len(url) > longest and path.startswith(url):
            section, longest = name, len(url)
    return section


@register.simple_tag
def primary_navigation(section=""):
    """The main menu: [{"label", "url", "current"}], the item of ``section`` (navigation_section) marked."""
    items = []
    for name, label in PRIMARY_NAVIGATION:
        url = _reverse_or_none(name)
        if url:
            items.append({"label": label, "url": url, "current": name == section})
    return items


@register.simple_tag(takes_context=True)
def absolute_url(context, path=""):
    """An absolute URL for ``path`` on this site (for OpenGraph), or ``path`` if no request."""
    request = context.get("request")
    if request is None:
        return path
    return request.build_absolute_uri(path or request.path)


@lru_cache(maxsize=4096)
def _path_in(path, code, urlconf, current_language):
    """``path`` in language ``code`` (``translate_url`` resolves then reverses, ≈ 0.2 ms; an address
    translates the same way until the URL configuration changes). Bounded: odd paths push old ones out."""
    return translate_url(path, code)


@receiver(setting_changed)
def _forget_translations(**kwargs):
    if kwargs["setting"] in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):
        _path_in.cache_clear()
        _reverse_cached.cache_clear()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """This page in each language (same path and query, /en/ for English): for the language switch and the
    ``hreflang`` links. ``absolute`` is built from SITE_URL, the public origin. Computed once per request."""
    request = context.get("request")
    if request is None:
        return []
    current = translation.get_language()
    remembered = getattr(request, "_language_alternates", None)
    if remembered is not None and remembered[0] == current:
        return remembered[1]
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{iri_to_uri(query)}" if query else ""
    origin = settings.SITE_URL.rstrip("/")
    alternates = []
    for code, _name in settings.LANGUAGES:
        url = (
            _path_in(
                escape_uri_path(request.path), code, getattr(request, "urlconf", None) or settings.ROOT_URLCONF, current
            )
            + suffix
        )
        alternates.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": url,
                "absolute": origin + url,
                "current": code == current,
            }
        )
    request._language_alternates = (current, alternates)
    return alternates


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's canonical address: the configured public origin if known, else this request's host."""
    if context.get("canonical_url"):
        return context["canonical_url"]
    request = context.get("request")
    return request.build_absolute_uri(request.path) if request is not None else ""


@register.filter(is_safe=True)
def plain_text(value):
    """Text for <title> and attribute values: tags removed, entities decoded, then escaped exactly once.

    Template literals are marked safe by Django, so "&" or a quote in a translated
    string would otherwise reach the attribute raw; captured blocks mix escaped
    variables and literals. This normalises both.
    """
    return escape(" ".join(html.unescape(strip_tags(str(value))).split()))


class CaptureNode(template.Node):
    def __init__(self, nodelist, varname):
        self.nodelist = nodelist
        self.varname = varname

    def render(self, context):
        # The rendered block is template output (variables already auto-escaped); only whitespace is collapsed.
        context[self.varname] = mark_safe(" ".join(self.nodelist.render(context).split()))  # noqa: S308 — rendered output
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}``: render once, reuse as ``{{ name }}``.

    base.html uses it so a page's ``title`` and ``description`` blocks, written
    once, fill <title>, the meta description and the OpenGraph tags.
    The captured text is already-escaped template output; whitespace is collapsed.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as variable %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag
def page_window(page_obj, on_each_side=2, on_ends=1):
    """Page links around the current page: [{"number", "current"} or {"gap": True}]."""
    if page_obj is None or not hasattr(page_obj, "paginator"):
        return []
    window = []
    for number in page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends):
        if isinstance(number, int):
            window.append({"number": number, "current": number == page_obj.number})
        else:
            window.append({"gap": True})
    return window


@register.simple_tag(takes_context=True)
def project_json_ld(context, project):
    """``<script type="application/ld+json">`` describing a project page (schema.org)."""
    return jsonld.script(jsonld.project(context["request"], project))


@register.simple_tag(takes_context=True)
def organism_json_ld(context, organism):
    return jsonld.script(jsonld.organism(context["request"], organism))
