"""Regression corpus of the second outside attack (issue 12): HTTP inputs and the page cache.

Each test names the defect it pins: control characters (2), crafted keyset cursors (3), junk
query parameters and the page cache (5), the scheme in the cache key (14), unsupported HTTP
methods (15). The streamed export cut by a lost database is in test_regressions_round2_stream.py.
"""

import base64
import html
import json
import random
import re
import string
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db.models import CharField, TextField
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from caching.parameters import view_parameters
from common.validators import validate_no_control_characters
from organisms.models import Organism
from projects import keyset
from projects.filters import ProjectFilter
from projects.models import Project
from tests.backoffice.helpers import form_data
from tests.public_surfaces import PUBLIC_URLS

pytestmark = pytest.mark.django_db

FUZZ = hypothesis_settings(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
CONTROL_CHARACTERS = [chr(code) for code in range(32) if chr(code) not in "\t\n\r"]


def page_entries():
    """The pages stored in the page cache (their validators aside)."""
    cache = caches[settings.PAGE_CACHE_ALIAS]
    return [key for key in cache._cache if ":page:" in key and not key.endswith(":validators")]


def shown(response):
    """The project pages a list links to, in order."""
    return re.findall(r'href="/projets/([\w-]+)/"', response.content.decode())


def cursor(values):
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


# --- 2. Control characters -------------------------------------------------------------------


@pytest.mark.parametrize("character", ["%01", "%08", "%0B", "%0C", "%1F", "%00"])
@pytest.mark.parametrize("url", ["/projets/flux.atom?q=x", "/projets/?q=x", "/projets/export.csv?q=x"])
def test_defect2_control_character_in_a_query_string_is_a_400_not_a_500(client, catalogue, url, character):
    response = client.get(url + character)
    assert response.status_code == 400
    assert "contrôle" in response.content.decode()


def test_defect2_control_character_in_a_parameter_name_is_a_400(client, catalogue):
    assert client.get("/projets/?q%01=x").status_code == 400


def test_defect2_tab_and_line_breaks_in_a_query_string_are_still_accepted(client, catalogue):
    assert client.get("/projets/flux.atom?q=terra%09arte%0D%0A").status_code == 200


def test_defect2_json_clients_get_the_control_character_error_as_json(client, catalogue):
    response = client.get("/api/v1/projets/?q=x%01")
    assert response.status_code == 400
    assert "contrôle" in response.json()["errors"]["detail"][0]


def test_defect2_control_characters_stored_before_do_not_break_the_feed_or_the_sitemap(client, catalogue):
    project = Project.objects.published().first()
    text = "".join(CONTROL_CHARACTERS[1:])  # NUL aside: PostgreSQL cannot store it at all
    Project.objects.filter(pk=project.pk).update(name=f"Nom{text}piégé", summary=f"Résumé{text}piégé")
    feed = client.get("/projets/flux.atom")
    assert feed.status_code == 200
    document = ElementTree.fromstring(feed.content)  # well-formed XML
    titles = [
        entry.findtext("{http://www.w3.org/2005/Atom}title")
        for entry in document.iter("{http://www.w3.org/2005/Atom}entry")
    ]
    assert "Nompiégé" in titles
    for url in ("/sitemap.xml", "/sitemap-projets.xml"):
        response = client.get(url)
        assert response.status_code == 200
        ElementTree.fromstring(response.content)


def test_defect2_every_text_field_of_the_catalogue_refuses_control_characters():
    labels = ("accounts", "geo", "organisms", "projects", "caching")
    fields = [
        field
        for label in labels
        for model in apps.get_app_config(label).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, (CharField, TextField))
    ]
    assert len(fields) > 50
    missing = [str(field) for field in fields if validate_no_control_characters not in field.validators]
    assert missing == []


def test_defect2_admin_form_refuses_a_control_character_with_a_clear_message(client, catalogue, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(username="relectrice", email="r@example.org"))
    organism = Organism.objects.order_by("pk").first()
    url = f"/admin/organisms/organism/{organism.pk}/change/"
    data = form_data(client.get(url), "organism_form", {"name": "Office\x01public"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "caractère de contrôle invisible (code U+0001)" in response.content.decode()
    organism.refresh_from_db()
    assert "\x01" not in organism.name


# --- 3. Keyset cursors -----------------------------------------------------------------------


def test_defect3_cursor_with_a_lone_surrogate_is_ignored_not_a_500(client, catalogue):
    response = client.get("/projets/?apres=WyJcdWQ4MDAiLCAxXQ")
    assert response.status_code == 200
    assert shown(response) == shown(client.get("/projets/"))


@pytest.mark.parametrize(
    "values",
    [["a\x01", 1], ["a", 2**63], ["a", -(2**63) - 1], ["a", 1.5], ["a", True], [None, 1], ["a", 1, 2]],
)
def test_defect3_cursor_values_the_database_cannot_take_are_ignored(client, catalogue, values):
    response = client.get(f"/projets/?apres={cursor(values)}")
    assert response.status_code == 200
    assert shown(response) == shown(client.get("/projets/"))


def test_defect3_cursor_that_does_not_round_trip_is_ignored(client, catalogue):
    # Same values as a real cursor, written differently (spaces): not one the site wrote.
    assert shown(client.get(f"/projets/?apres={cursor(['Terra Arte', 1])}")) == shown(client.get("/projets/"))


def test_defect3_a_real_next_page_cursor_still_works(client, catalogue):
    first = client.get("/projets/?par_page=12").content.decode()
    link = html.unescape(re.search(r'href="(\?[^"]*apres=[^"]*)"', first).group(1))
    response = client.get("/projets/" + link)
    assert response.status_code == 200
    assert shown(response)[0] != shown(client.get("/projets/?par_page=12"))[0]


# Any character, lone surrogates and control characters included and favoured (Hypothesis
# leaves surrogates out by default); numbers at and beyond the database's 64-bit limits.
# (st.text() would drop lone surrogates even from its alphabet: the string is joined by hand.)
any_text = st.lists(
    st.sampled_from(["\ud800", "\udfff", "\x01", "\x00", "a", "é"]) | st.characters(codec=None, exclude_categories=()),
    max_size=20,
).map("".join)
any_integer = st.integers() | st.sampled_from([2**63 - 1, 2**63, -(2**63) - 1, 10**40])
scalar = st.none() | st.booleans() | any_integer | st.floats(allow_nan=True, allow_infinity=True) | any_text
json_values = st.recursive(
    scalar,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=8,
)


BY_KIND = {str: any_text, int: any_integer, float: st.floats(allow_nan=True, allow_infinity=True)}


@FUZZ
@given(data=st.data(), sort=st.sampled_from(["", "nom", "-livraison", "logements"]))
def test_defect3_any_cursor_shaped_like_a_real_one_gives_a_page_never_a_500(client, catalogue, data, sort):
    """One value per sort key, of the key's type: hostile strings, numbers beyond 64 bits, NaN…"""
    values = data.draw(st.tuples(*(BY_KIND[kind] for *_rest, kind in keyset.keys_for(sort or None, False))))
    response = client.get("/projets/", {"apres": cursor(list(values)), "tri": sort})
    assert response.status_code == 200


@FUZZ
@given(values=st.lists(json_values, max_size=4))
def test_defect3_any_json_cursor_gives_a_page_never_a_500(client, catalogue, values):
    assert client.get("/projets/", {"apres": cursor(values)}).status_code == 200


@FUZZ
@given(text=st.text(max_size=200))
def test_defect3_any_cursor_text_gives_a_page_never_a_500(client, catalogue, text):
    if any(character in text for character in CONTROL_CHARACTERS):
        return  # refused earlier, with a 400 (defect 2)
    response = client.get("/projets/", {"apres": text})
    assert response.status_code == 200


# --- 5. Junk parameters and the page cache ---------------------------------------------------


def test_defect5_random_junk_parameters_make_a_single_cache_entry_served_from_the_cache(
    client, catalogue, django_assert_max_num_queries
):
    clean = client.get("/projets/?statut=psla")
    assert len(page_entries()) == 1
    rng = random.Random(5)
    for _ in range(40):
        junk = "".join(rng.choices(string.ascii_lowercase, k=8))
        with django_assert_max_num_queries(1):  # at most the catalogue version (read once a second): a cache hit
            response = client.get(f"/projets/?{junk}={rng.random()}&statut=psla&utm_source={junk}")
        assert response.status_code == 200
        assert response.content == clean.content
    assert len(page_entries()) == 1


def test_defect5_duplicated_and_unsorted_known_parameters_are_one_address(client, catalogue):
    client.get("/projets/?region=nouvelle-aquitaine&statut=psla")
    for url in (
        "/projets/?statut=psla&region=nouvelle-aquitaine",
        "/projets/?statut=psla&region=nouvelle-aquitaine&statut=psla",
        "/projets/?region=nouvelle-aquitaine&statut=psla&region=nouvelle-aquitaine&x=1",
    ):
        assert client.get(url).status_code == 200
    assert len(page_entries()) == 1


def test_defect5_every_public_address_keeps_its_own_parameters(client, catalogue):
    """Each surface of PUBLIC_URLS, with junk added, answers what it answers without (the same
    cached page, or for streamed exports the same status)."""
    for url in PUBLIC_URLS:
        clean = client.get(url)
        junk = client.get(url + ("&" if "?" in url else "?") + "zz_junk=1&utm_campaign=x")
        assert junk.status_code == clean.status_code == 200, url
        if not clean.streaming:
            assert junk.content == clean.content, url


def test_defect5_known_parameters_come_from_the_filterset_itself():
    from public.views.projects import ProjectListView

    known = view_parameters(ProjectListView.as_view())
    assert set(ProjectFilter.base_filters) <= known
    assert {"page", "par_page", "apres"} <= known


def test_defect5_a_body_larger_than_the_cap_is_served_but_not_stored(client, catalogue, settings):
    settings.PAGE_CACHE_MAX_BYTES = 1000
    assert client.get("/projets/").status_code == 200
    assert page_entries() == []


# --- 14. The scheme in the cache key ---------------------------------------------------------


@pytest.mark.parametrize("first", ["https", "http"])
def test_defect14_a_page_cached_for_one_scheme_is_not_served_to_the_other(client, catalogue, settings, first):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    url = Project.objects.published().order_by("pk").first().get_absolute_url()
    # Behind a TLS proxy the Host header is the same for both schemes; only the proto differs.
    headers = {
        "http": {"HTTP_HOST": "testserver"},
        "https": {"HTTP_HOST": "testserver", "HTTP_X_FORWARDED_PROTO": "https"},
    }
    second = "http" if first == "https" else "https"
    client.get(url, **headers[first])
    body = client.get(url, **headers[second]).content.decode()
    assert f'"url": "{second}://testserver{url}"' in body  # the JSON-LD
    assert f"{first}://testserver" not in body


# --- 15. Unsupported methods -----------------------------------------------------------------


@pytest.mark.parametrize("method", ["TRACE", "OPTIONS", "PUT", "PATCH", "DELETE", "POST"])
def test_defect15_unsupported_methods_get_a_405_on_every_public_address(client, catalogue, method):
    for url in [*PUBLIC_URLS, "/healthz", "/api/v1/projets/terra-arte/", "/territoires/communes.json?q=bor"]:
        response = client.generic(method, url)
        assert response.status_code == 405, (method, url, response.status_code)
        assert response["Allow"] == "GET, HEAD", url
        assert b"<html" not in response.content.lower(), url


def test_defect15_get_head_and_the_language_form_still_work(client, catalogue):
    assert client.get("/").status_code == 200
    assert client.head("/healthz").status_code == 200
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.generic("OPTIONS", "/i18n/setlang/")["Allow"] == "GET, HEAD, POST"
