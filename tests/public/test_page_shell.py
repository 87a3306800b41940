"""The page shell (head links, brand, menu, footer, the breadcrumb's first links) is rendered once
per process and language by ``{% once %}`` (public/templatetags/shell_tags.py): it still follows
the language, the page's place in the menu and the settings, and nothing that differs per
visitor (user, CSRF token, CSP nonce, messages) can be frozen into it."""

import re

import pytest
from csp.middleware import CSPMiddleware
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.template import Context, RequestContext, Template, TemplateSyntaxError
from django.urls import reverse, set_script_prefix
from django.utils import translation

from public.templatetags import shell_tags
from public.templatetags.catalogue_tags import navigation_section, primary_navigation
from public.templatetags.shell_tags import OnceBlockError
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0  # each request renders its page


def current_items(html):
    """The labels marked as the current page in the main menu, and whether the brand is."""
    nav = re.search(r'<nav class="primary-nav".*?</nav>', html, re.S).group(0)
    brand = re.search(r'<a class="brand"[^>]*>', html).group(0)
    return re.findall(r'aria-current="page">([^<]+)</a>', nav), 'aria-current="page"' in brand


def footer(html):
    return re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)


# --- The shell follows the language and the page's place in the menu -------------------------------


@pytest.mark.django_db
def test_the_shell_is_in_the_language_of_each_page_even_when_rendered_before_in_the_other(client, catalogue):
    french = client.get("/glossaire/").content.decode()
    english = client.get("/en/glossaire/").content.decode()
    french_again = client.get("/").content.decode()
    assert '<a href="/donnees/">Données ouvertes : CSV, JSON, API, flux</a>' in footer(french)
    assert 'href="/en/donnees/"' in footer(english) and "Données ouvertes" not in footer(english)
    assert 'href="/en/projets/"' in english and 'href="/en/projets/"' not in french_again
    assert '<link rel="stylesheet" href="/static/css/site.css">' in english


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "current", "brand"),
    [
        ("/territoires/carte/", ["Carte"], False),  # not "Territoires": the longest matching section
        ("/territoires/", ["Territoires"], False),
        ("/organismes/", ["Organismes"], False),
        ("/en/glossaire/", ["Glossary"], False),
        ("/donnees/", [], False),  # outside the menu
        ("/", [], True),
        ("/en/", [], True),
    ],
)
def test_the_current_page_marker_follows_each_address(client, catalogue, path, current, brand):
    for seen_before in ("/", "/en/", "/territoires/carte/", "/donnees/"):
        client.get(seen_before)  # the shell of other places is already rendered
    assert current_items(client.get(path).content.decode()) == (current, brand)


def test_the_menu_section_is_the_longest_matching_item_and_home_for_the_home_page(rf):
    assert navigation_section({"request": rf.get(reverse("geo:map"))}) == "geo:map"
    assert navigation_section({"request": rf.get(reverse("geo:index"))}) == "geo:index"
    assert navigation_section({"request": rf.get("/")}) == "home"
    assert navigation_section({"request": rf.get("/donnees/")}) == ""
    assert [item["url"] for item in primary_navigation("geo:map") if item["current"]] == [reverse("geo:map")]
    assert not any(item["current"] for item in primary_navigation("home"))


@pytest.mark.django_db
def test_the_breadcrumbs_first_links_are_shared_and_the_rest_is_each_pages_own(client, catalogue):
    first = client.get("/territoires/regions/grand-est/").content.decode()
    second = client.get("/territoires/regions/occitanie/").content.decode()
    for html, region in ((first, "Grand Est"), (second, "Occitanie")):
        trail = re.search(r'<nav aria-label="Fil d’Ariane".*?</nav>', html, re.S).group(0)
        assert '<a href="/">Accueil</a>' in trail and '<a href="/territoires/">Territoires</a>' in trail
        assert f'<li aria-current="page">{region}</li>' in trail


# --- Settings changes never serve stale HTML ---------------------------------------------------------


@pytest.mark.django_db
def test_a_changed_static_url_shows_at_once(client, catalogue, settings):
    assert '<link rel="stylesheet" href="/static/css/site.css">' in client.get("/glossaire/").content.decode()
    settings.STATIC_URL = "/assets/"
    html = client.get("/glossaire/").content.decode()
    assert '<link rel="stylesheet" href="/assets/css/site.css">' in html
    assert '<img src="/assets/img/favicon.svg"' in html


@pytest.mark.django_db
def test_a_site_served_under_a_prefix_gets_prefixed_links(client, catalogue):
    assert '<a href="/donnees/">' in footer(client.get("/glossaire/").content.decode())
    set_script_prefix("/catalogue/")  # what the WSGI handler does for SCRIPT_NAME (the test client does not)
    try:
        html = client.get("/glossaire/").content.decode()
    finally:
        set_script_prefix("/")
    assert '<a href="/catalogue/donnees/">' in footer(html)
    assert '<a href="/donnees/">' in footer(client.get("/glossaire/").content.decode())


# --- Nothing per visitor is ever frozen ------------------------------------------------------------


def render(source, context):
    return Template("{% load shell_tags %}" + source).render(context)


def request_context(rf, user=None):
    request = rf.get("/")
    request.user = user or AnonymousUser()
    CSPMiddleware(lambda request: HttpResponse()).process_request(request)
    return RequestContext(request, {})


@pytest.mark.parametrize(
    "inside",
    [
        "{{ user }}",
        "{% if user.is_authenticated %}Déconnexion{% endif %}",
        "{% csrf_token %}",
        "{{ csrf_token }}",
        '<script nonce="{{ request.csp_nonce }}"></script>',
        "{% for message in messages %}{{ message }}{% endfor %}",
        "{{ perms.projects }}",
        "{{ page_title }}",  # anything the block is not given
    ],
)
def test_a_block_reading_what_differs_per_visitor_is_refused_not_frozen(rf, inside):
    with pytest.raises(OnceBlockError):
        render('{% once "menu" %}<nav>' + inside + "</nav>{% endonce %}", request_context(rf))


@pytest.mark.parametrize(
    "arguments",
    ["who=user", "who=user.username", "token=csrf_token", "nonce=request.csp_nonce", "req=request", "m=messages"],
)
def test_a_block_cannot_be_keyed_by_the_visitor(arguments):
    with pytest.raises(TemplateSyntaxError):
        Template('{% load shell_tags %}{% once "menu" ' + arguments + " %}x{% endonce %}")


def test_a_block_argument_must_be_a_plain_value(rf):
    with pytest.raises(OnceBlockError):
        render('{% once "menu" value=thing %}{{ value }}{% endonce %}', Context({"thing": object()}))


def test_a_template_block_cannot_hide_inside(rf):
    with pytest.raises(TemplateSyntaxError):
        Template('{% load shell_tags %}{% once "menu" %}{% block content %}{% endblock %}{% endonce %}')


def test_the_nonce_and_the_user_beside_a_block_differ_per_request_while_the_block_is_shared(rf, db):
    source = (
        '{% once "menu" %}<nav>{% translate "Projets" %}</nav>{% endonce %}'
        '<script nonce="{{ request.csp_nonce }}"></script>'
        "{% if user.is_authenticated %}{{ user.username }}{% else %}anonyme{% endif %}"
    )
    anonymous = render("{% load i18n %}" + source, request_context(rf))
    editor = render("{% load i18n %}" + source, request_context(rf, UserFactory(username="camille")))
    nonces = [re.search(r'nonce="([^"]+)"', html).group(1) for html in (anonymous, editor)]
    assert nonces[0] != nonces[1]
    assert anonymous.startswith("<nav>Projets</nav>") and editor.startswith("<nav>Projets</nav>")
    assert anonymous.endswith("anonyme") and editor.endswith("camille")


@pytest.mark.django_db
def test_an_editor_sees_the_same_public_shell_as_an_anonymous_visitor(client, catalogue):
    anonymous = client.get("/a-propos/").content.decode()
    client.force_login(UserFactory(username="camille"))
    editor = client.get("/a-propos/").content.decode()
    assert "camille" not in editor  # the public shell has nothing per visitor
    assert footer(editor) == footer(anonymous)
    assert current_items(editor) == current_items(anonymous) == (["À propos"], False)


# --- The cache itself --------------------------------------------------------------------------------


def test_blocks_keyed_by_a_value_are_bounded():
    template = Template('{% load shell_tags %}{% once "page" path=path %}{{ path }}{% endonce %}')
    for number in range(shell_tags.MAX_ENTRIES + 50):
        assert template.render(Context({"path": f"/p/{number}/"})) == f"/p/{number}/"
    assert len(shell_tags.rendered) <= shell_tags.MAX_ENTRIES


def test_two_blocks_of_the_same_name_in_different_templates_keep_their_own_content():
    assert render('{% once "footer" %}un{% endonce %}', Context()) == "un"
    assert render('{% once "footer" %}deux{% endonce %}', Context()) == "deux"


def test_a_block_is_rendered_once_per_language():
    template = Template('{% load i18n shell_tags %}{% once "menu" %}{% translate "Projets" %}{% endonce %}')
    with translation.override("en"):
        assert template.render(Context()) == "Projects"
    with translation.override("fr"):
        assert template.render(Context()) == "Projets"
