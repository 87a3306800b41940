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


def test_every_chart_is_an_accessible_svg_with_its_table_explanation_and_download(client):
    response = client.get(URL)
    body = response.content.decode()
    page = Page(body)
    assert not page.errors, page.errors
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    chart_svgs = [svg for svg in page.svgs if "bar-chart" in svg["attrs"].get("class", "")]
    assert len(chart_svgs) == len(CHART_SLUGS)
    for svg in chart_svgs:
        assert svg["attrs"]["role"] == "img"
        assert svg["first_child"] == "title" and svg["title"].strip()
        for target in svg["attrs"]["aria-labelledby"].split():
            assert target in page.ids
    for chart in response.context["charts"]:
        assert f'id="{chart.slug}-caption"' in body
        assert str(chart.explanation) in body.replace("&#x27;", "'").replace("&quot;", '"')
        assert f'href="/statistiques/{chart.slug}.csv"' in body
        table = page.tables[f"{chart.slug}-caption"]
        assert set(table["header_scopes"]) == {"row"}
    # Values are written next to the bars, not left to colour: every table value appears in the SVG.
    psla_svg = chart_svgs[0]
    assert "76" in psla_svg["texts"] and "PSLA" in psla_svg["texts"]


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
@pytest.mark.parametrize("path", [URL, "/statistiques/statuts.csv", "/statistiques/part-locatif-social.csv"])
def test_malformed_parameters_never_give_a_server_error(client, path, query):
    assert client.get(f"{path}?{query}").status_code in (200, 400, 404)


def test_navigation_marks_statistics(client):
    body = client.get(URL).content.decode()
    assert 'href="/statistiques/" aria-current="page"' in body
