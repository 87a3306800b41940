"""Projects side by side: 2 to 4 published projects, honest messages otherwise, 100 % bars that
add up, a shareable address, and the no-JavaScript "Comparer" checkboxes of the list page."""

from urllib.parse import parse_qs, urlsplit

import pytest

from projects.models import Project
from stats.compare import STACK_BAR_WIDTH

from .helpers import Page

pytestmark = pytest.mark.django_db

URL = "/statistiques/comparer/"


def compare(client, *slugs, **extra):
    return client.get(URL, {"p": list(slugs), **extra})


def names(response):
    return [item["project"].name for item in response.context["items"]]


def notices(response):
    return " ".join(text for _level, text in response.context["notices"])


def test_two_projects_side_by_side(client):
    response = compare(client, "terra-arte", "groupe-du-4-mars")
    assert response.status_code == 200
    assert response.context["comparable"]
    assert names(response) == ["Terra Arte", "Groupe du 4 mars"]
    body = response.content.decode()
    expected = ("Chiffres clés", "Bayonne", "Lyon", "Le COL", "Alliade Habitat", "Statuts d'occupation", "Acteurs")
    for text in (*expected, "Calendrier"):
        assert text in body, text
    assert not response.context["notices"]


def test_share_url_lists_the_compared_projects_in_order(client):
    response = compare(client, "mascobado", "terra-arte", "mascobado")
    share = urlsplit(response.context["share_url"])
    assert share.path == URL
    assert parse_qs(share.query) == {"p": ["mascobado", "terra-arte"]}
    assert response.context["share_url"] in response.content.decode().replace("&amp;", "&")
    # The shared address shows the same comparison.
    # (the repeated project aside, it is the same address: the cached page itself is served)
    again = client.get(f"{share.path}?{share.query}")
    assert again.status_code == 200 and again.content == response.content


def test_four_projects(client):
    response = compare(client, "terra-arte", "groupe-du-4-mars", "mascobado", "coop-colette")
    assert len(response.context["items"]) == 4
    assert not response.context["notices"]


def test_five_projects_keep_the_first_four_with_a_message(client):
    response = compare(client, "terra-arte", "groupe-du-4-mars", "mascobado", "coop-colette", "oasis")
    assert names(response) == ["Terra Arte", "Groupe du 4 mars", "MasCobado", "Coop Colette"]
    assert "au plus 4 projets" in notices(response) and "Oasis" in notices(response)
    assert "oasis" not in response.context["share_url"]


def test_unknown_slug_is_reported(client):
    response = compare(client, "terra-arte", "atlantide", "mascobado")
    assert names(response) == ["Terra Arte", "MasCobado"]
    assert "« atlantide »" in notices(response)
    assert "atlantide" in response.content.decode()


def test_draft_project_is_not_shown(client):
    Project.objects.filter(slug="coop-colette").update(status="draft")
    response = compare(client, "terra-arte", "coop-colette", "mascobado")
    assert names(response) == ["Terra Arte", "MasCobado"]
    body = response.content.decode()
    assert "Coop Colette" not in body  # not even in the picker
    assert "Aucun projet publié ne correspond à « coop-colette »" in notices(response)


def test_markup_in_a_slug_is_escaped(client):
    response = compare(client, "<script>alert(1)</script>", "terra-arte")
    body = response.content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;" in body


@pytest.mark.parametrize("slugs", [(), ("terra-arte",), ("atlantide", "nulle-part")])
def test_fewer_than_two_projects_explain_and_offer_links(client, slugs):
    response = compare(client, *slugs)
    assert response.status_code == 200
    assert not response.context["comparable"]
    body = response.content.decode()
    assert "Choisissez de deux à quatre projets" in body
    assert 'href="/projets/"' in body
    assert 'name="p"' in body  # the picker works without JavaScript
    assert response.context["share_url"] is None


def test_one_project_suggests_others_to_compare_with(client):
    response = compare(client, "terra-arte")
    suggestions = response.context["suggestions"]
    assert suggestions
    for suggestion in suggestions:
        query = parse_qs(urlsplit(suggestion["url"]).query)
        assert query["p"][0] == "terra-arte" and query["p"][1] == suggestion["project"].slug
        assert suggestion["project"].status == "published"


def test_hundred_percent_bars_add_up_to_100(client):
    response = compare(client, "terra-arte", "groupe-du-4-mars", "mascobado", "coop-colette")
    for item in response.context["items"]:
        mix = item["mix"]
        assert sum(segment["percent"] for segment in mix["segments"]) == 100, item["project"].slug
        assert sum(segment["width"] for segment in mix["segments"]) == STACK_BAR_WIDTH
        assert sum(segment["homes"] for segment in mix["segments"]) == mix["base"]
        xs = [segment["x"] for segment in mix["segments"]]
        assert xs == sorted(xs)
    mixes = {item["project"].slug: item["mix"]["by_category"] for item in response.context["items"]}
    assert mixes["groupe-du-4-mars"]["social_rental"]["homes"] == 11
    assert mixes["groupe-du-4-mars"]["ownership_unspecified"]["homes"] == 13
    assert mixes["coop-colette"]["unknown"]["homes"] == 7  # 25 homes, 18 described (PSLA)
    assert mixes["terra-arte"]["social_ownership"]["percent"] == 100


def test_project_without_any_tenure_figure_has_no_bar(client):
    response = compare(client, "callisto", "terra-arte")
    callisto = response.context["items"][0]
    assert callisto["mix"] is None
    assert "Répartition non connue" in response.content.decode()


def test_tenure_mix_is_an_accessible_svg_with_a_table(client):
    response = compare(client, "terra-arte", "mascobado")
    body = response.content.decode()
    page = Page(body)
    assert not page.errors, page.errors
    assert len(page.ids) == len(set(page.ids))
    (svg,) = [svg for svg in page.svgs if "stacked-chart" in svg["attrs"].get("class", "")]
    assert svg["attrs"]["role"] == "img" and svg["first_child"] == "title"
    assert "100\u00a0%" in svg["texts"]
    table = page.tables["mix-caption"]
    header, *rows = table["rows"]
    assert header == ["Catégorie", "Terra Arte", "MasCobado"]
    assert rows[-1][0] == "Total"
    assert rows[-1][1].startswith("46") and rows[-1][2].startswith("23")
    for caption in ("figures-caption", "actors-caption", "dates-caption"):
        assert caption in page.tables


@pytest.mark.parametrize(
    "query",
    [
        "p=",
        "p=%00",
        "p=" + "x" * 5000,
        "p=a&" * 200,
        "p=terra-arte&p=terra-arte",
        "p=%F0%9F%92%A5&p=terra-arte",
        "p[]=terra-arte",
    ],
)
def test_malformed_parameters_never_give_a_server_error(client, query):
    assert client.get(f"{URL}?{query}").status_code in (200, 400)


def test_list_page_offers_comparison_checkboxes_without_javascript(client):
    body = client.get("/projets/").content.decode()
    assert '<form id="compare-form"' in body and 'action="/statistiques/comparer/"' in body
    assert 'name="p" value="terra-arte" id="compare-form-terra-arte" form="compare-form"' in body
    # Each checkbox says which project it compares (its accessible name), with a short visible label.
    assert 'form="compare-form" aria-label="Comparer Terra Arte"' in body
    assert '<label for="compare-form-terra-arte">Comparer</label>' in body
    assert body.count("Comparer la sélection") == 2
    page = Page(body)
    assert not page.errors, page.errors
    assert len(page.ids) == len(set(page.ids))


def test_cards_elsewhere_have_no_comparison_checkbox(client):
    body = client.get("/projets/terra-arte/").content.decode()
    assert 'form="compare-form"' not in body


def test_picker_menu_gives_way_to_a_text_field_beyond_the_limit(client, settings):
    """The page must not list every project of a large catalogue."""
    from django.core.management import call_command

    settings.COMPARE_MENU_MAX_PROJECTS = 30
    call_command("generate_projects", 60, seed=1, no_photos=True, verbosity=0)
    response = client.get("/statistiques/comparer/", {"p": ["groupe-du-4-mars", "mascobado"]})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<option") <= 2  # the language menu only
    assert body.count('type="text" name="p"') == 4
    assert 'value="groupe-du-4-mars"' in body and 'value="mascobado"' in body
    assert len(response.context["items"]) == 2
