"""Statistics downloads and markup: every CSV matches its table, every chart is an accessible SVG
with the same data as its table, and no parameter gives a server error."""

import re

import pytest
from django.db.models import Sum

from .helpers import Page, normalise_number, parse_csv, same_number
from .statistics_page import CHART_SLUGS, URL, charts, published_lines

pytestmark = pytest.mark.django_db


# --- CSV -----------------------------------------------------------------------------------------


def test_unknown_chart_is_not_found(client):
    assert client.get("/statistiques/nope.csv").status_code == 404


@pytest.mark.parametrize(
    "query", ["", "region=nouvelle-aquitaine", "statut=psla&statut=plus", "categorie=social_rental"]
)
def test_csv_downloads_parse_and_match_the_tables(client, query):
    page_response = client.get(URL + "?" + query)
    page = Page(page_response.content.decode())
    for slug, chart in charts(page_response).items():
        response = client.get(f"/statistiques/{slug}.csv?{query}")
        assert response.status_code == 200
        assert f'filename="statistiques-{slug}.csv"' in response["Content-Disposition"]
        header, *rows = parse_csv(response)
        assert header == chart.header
        assert rows == list(chart.csv_rows())
        table = page.tables.get(f"{slug}-caption")
        if not chart.rows:
            assert table is None
            continue
        html_header, *html_rows = table["rows"]
        assert html_header == header
        assert len(html_rows) == len(rows)
        for csv_row, html_row in zip(rows, html_rows, strict=True):
            for csv_value, html_value, col in zip(csv_row, html_row, chart.columns, strict=True):
                if col.numeric:
                    assert same_number(csv_value, html_value), (slug, csv_value, html_value)
                else:
                    assert csv_value in (html_value, normalise_number(html_value)), (slug, csv_value, html_value)


def test_csv_links_keep_the_filters_and_drop_paging(client):
    body = client.get(URL, {"region": "nouvelle-aquitaine", "page": "2", "tri": "nom"}).content.decode()
    assert 'href="/statistiques/statuts.csv?region=nouvelle-aquitaine"' in body
    assert 'href="/projets/?region=nouvelle-aquitaine"' in body


def test_csv_totals_match_the_database(client):
    header, *rows = parse_csv(client.get("/statistiques/statuts.csv"))
    homes = header.index("Logements")
    assert sum(int(row[homes]) for row in rows) == published_lines().aggregate(total=Sum("homes"))["total"]
    psla = next(row for row in rows if row[0] == "PSLA")
    assert psla[homes] == "76"


# --- Accessibility and HTML ---------------------------------------------------------------------


def test_every_chart_is_an_accessible_svg_image_with_its_table_explanation_and_download(client):
    """The page shows each chart as an <img> of its SVG (same filters), named by its alt text and
    followed by its table: the SVG's elements are not part of the page (its element budget)."""
    response = client.get(URL, {"region": "nouvelle-aquitaine"})
    body = response.content.decode()
    page = Page(body)
    assert not page.errors, page.errors
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    assert not [svg for svg in page.svgs if "bar-chart" in svg["attrs"].get("class", "")]
    images = re.findall(r'<img class="bar-chart" src="([^"]+)" width="\d+" height="\d+"[^>]* alt="([^"]+)">', body)
    assert [src for src, _alt in images] == [
        f"/statistiques/{slug}.svg?region=nouvelle-aquitaine" for slug in CHART_SLUGS
    ]
    assert all("tableau qui suit le graphique" in alt for _src, alt in images)
    for chart in response.context["charts"]:
        assert f'id="{chart.slug}-caption"' in body
        assert str(chart.explanation) in body.replace("&#x27;", "'").replace("&quot;", '"')
        assert f'href="/statistiques/{chart.slug}.csv?region=nouvelle-aquitaine"' in body
        table = page.tables[f"{chart.slug}-caption"]
        assert set(table["header_scopes"]) == {"row"}


def test_each_chart_image_is_an_svg_document_named_by_its_title_with_values_written_by_the_bars(client):
    for slug in CHART_SLUGS:
        response = client.get(f"/statistiques/{slug}.svg")
        assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
        assert response.content.startswith(b"<?xml") and response.has_header("ETag")
        (svg,) = Page(response.content.decode()).svgs
        assert svg["attrs"]["role"] == "img" and svg["attrs"]["xmlns"] == "http://www.w3.org/2000/svg"
        assert svg["first_child"] == "title" and svg["title"].strip()
    # Values are written next to the bars, not left to colour: the table's values appear in the SVG.
    (statuses,) = Page(client.get("/statistiques/statuts.svg").content.decode()).svgs
    assert "76" in statuses["texts"] and "PSLA" in statuses["texts"]
    assert client.get("/statistiques/nope.svg").status_code == 404
    assert client.get("/statistiques/regions.svg", {"q": "aucun-projet-ne-porte-ce-nom"}).status_code == 404


def test_category_shares_are_written_in_french(client):
    body = client.get(URL).content.decode()
    assert re.search(r"\d,\d(&nbsp;|\u00a0)%", body)


def test_empty_result_renders_without_charts(client):
    response = client.get(URL, {"q": "aucun-projet-ne-porte-ce-nom"})
    assert response.status_code == 200
    assert response.context["figures"]["projects"] == 0
    assert "Aucune donnée pour ces filtres." in response.content.decode()
    _header, *rows = parse_csv(client.get("/statistiques/regions.csv", {"q": "aucun-projet-ne-porte-ce-nom"}))
    assert rows == []


@pytest.mark.parametrize(
    "query",
    [
        "region=<script>",
        "annee_min=99999999999999999999999999",
        "logements_max=-5",
        "statut=%F0%9F%92%A5",
        "departement=" + "9" * 300,
        "q=" + "x" * 5000,
        "tri=DROP TABLE",
        "page=abc",
        "categorie=&mode=&famille=",
        "region=nouvelle-aquitaine&region=occitanie",
    ],
)
@pytest.mark.parametrize(
    "path", [URL, "/statistiques/statuts.csv", "/statistiques/statuts.svg", "/statistiques/part-locatif-social.csv"]
)
def test_malformed_parameters_never_give_a_server_error(client, path, query):
    assert client.get(f"{path}?{query}").status_code in (200, 400, 404)


def test_navigation_marks_statistics(client):
    body = client.get(URL).content.decode()
    assert 'href="/statistiques/" aria-current="page"' in body
