"""Statistics page and its CSV downloads: totals come from the tenure lines, filters change them,
every chart is an accessible SVG with the same data as its table and its CSV, and the number
of queries does not depend on the number of projects."""

import re
from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from geo.models import Commune
from organisms.models import Organism
from projects.models import InterventionMode, Project, ProjectActor, TenureLine, TenureStatus
from stats.charts import CHART_BUILDERS, apportion, year_rows

from .helpers import Page, normalise_number, parse_csv, same_number

pytestmark = pytest.mark.django_db

URL = "/statistiques/"
CHART_SLUGS = list(CHART_BUILDERS)


def charts(response):
    return {chart.slug: chart for chart in response.context["charts"]}


def column(chart, key, label_key="label"):
    return {str(row[label_key]): row[key] for row in chart.rows}


def published_lines():
    return TenureLine.objects.filter(project__status="published")


# --- Totals ------------------------------------------------------------------------------------


def test_homes_by_status_equal_the_sums_of_the_published_tenure_lines(client):
    chart = charts(client.get(URL))["statuts"]
    expected = {
        row["status__short_name"]: row["homes"]
        for row in published_lines()
        .filter(status__isnull=False)
        .values("status__short_name")
        .annotate(homes=Sum("homes"))
    }
    by_status = {row["label"]: row["homes"] for row in chart.rows if row["name"]}
    assert by_status == expected
    category_only = {
        row["category"]: row["homes"]
        for row in published_lines().filter(status__isnull=True).values("category").annotate(homes=Sum("homes"))
    }
    assert {row["category"]: row["homes"] for row in chart.rows if not row["name"]} == category_only
    assert sum(row["homes"] for row in chart.rows) == published_lines().aggregate(total=Sum("homes"))["total"]


def test_psla_total_on_the_seed_data(client):
    chart = charts(client.get(URL))["statuts"]
    assert column(chart, "homes")["PSLA"] == 41 + 8 + 18 + 9 == 76
    assert column(chart, "projects")["PSLA"] == 4


def test_category_totals_include_category_only_lines(client):
    chart = charts(client.get(URL))["categories"]
    expected = {}
    for line in published_lines().select_related("status"):
        expected[line.effective_category] = expected.get(line.effective_category, 0) + line.homes
    homes = {row["category"]: row["homes"] for row in chart.rows}
    assert {code: n for code, n in homes.items() if n} == expected
    # Locus Solus (46) and MasCobado (5) give only the category "social rental".
    assert homes["social_rental"] == 10 + 4 + 46 + 5
    assert homes["cooperative"] == 0  # every category is listed, even when empty
    shares = [row["share"] for row in chart.rows]
    assert abs(sum(shares) - 100) <= 1


def test_overview_counts_what_is_known(client):
    figures = client.get(URL).context["figures"]
    published = Project.objects.published()
    assert figures["projects"] == published.count() == 19
    assert figures["with_total"] == published.exclude(total_homes=None).count()
    assert figures["homes"] == published.aggregate(total=Sum("total_homes"))["total"]
    assert figures["described_homes"] == published_lines().aggregate(total=Sum("homes"))["total"]


def test_projects_by_developer_family(client):
    chart = charts(client.get(URL))["familles-organismes"]
    projects = column(chart, "projects")
    developers = ProjectActor.objects.filter(project__status="published", role="developer")
    families = (("OPH", "OPH — Office public de l'habitat"), ("COOP", "Coop Hlm — Société coopérative d'Hlm"))
    for family, label in families:
        assert projects[label] == developers.filter(organism__family=family).values("project").distinct().count()
    unknown = developers.filter(organism__kind="hlm", organism__family="").values("project").distinct().count()
    assert projects["Organisme Hlm, famille non précisée"] == unknown == 3


def test_projects_by_region_delivery_year_and_mode_account_for_every_project(client):
    found = charts(client.get(URL))
    total = Project.objects.published().count()
    assert sum(row["projects"] for row in found["regions"].rows) == total
    assert column(found["regions"], "projects")["Commune non précisée"] == 1  # Oasis
    years = found["annees-livraison"]
    assert sum(row["projects"] for row in years.rows) == total
    undated = Project.objects.published().filter(delivery_year=None).count()
    assert column(years, "projects")["Année non précisée"] == undated
    assert column(years, "projects")["1988–2012"] == 0  # a long empty stretch shares one row
    assert column(years, "projects")["2015"] == 3
    modes = column(found["modes-intervention"], "projects")
    assert modes["Suite à une sollicitation"] == 6
    assert modes["Mode non précisé"] == Project.objects.published().filter(intervention_modes=None).count()


def share_csv(client, query=None):
    response = client.get("/statistiques/part-locatif-social-par-projet.csv", query or {})
    assert response.status_code == 200 and response.streaming
    header, *rows = parse_csv(response)
    return header, rows


def test_social_rental_share_per_project_is_in_the_streamed_csv(client):
    header, rows = share_csv(client)
    assert header[:2] == ["Identifiant", "Projet"]
    share_at = header.index("Part du locatif social (%)")
    shares = {row[0]: row[share_at] for row in rows}
    assert shares["locus-solus"] == "100.0"
    assert shares["mascobado"] == "21.7"  # 5 of 23
    assert shares["groupe-du-4-mars"] == "45.8"  # PLUS 8 + PLAI 3 of 24
    assert shares["terra-arte"] == "0.0"
    assert "casalma" not in shares  # total known, but no tenure line: its share is unknown, not 0
    assert [float(row[share_at]) for row in rows] == sorted((float(row[share_at]) for row in rows), reverse=True)
    colette = next(row for row in rows if row[0] == "coop-colette")
    assert colette[header.index("Logements sans statut précisé")] == str(25 - 18)


def test_social_rental_share_chart_is_a_histogram_of_the_per_project_shares(client):
    chart = charts(client.get(URL))["part-locatif-social"]
    header, rows = share_csv(client)
    share_at = header.index("Part du locatif social (%)")
    expected = [0] * 11
    for row in rows:
        tenths = round(float(row[share_at]) * 10)
        expected[10 if tenths == 1000 else tenths // 100] += 1
    assert [row["projects"] for row in chart.rows] == expected
    assert str(chart.rows[2]["label"]) == "de 20 à moins de 30 %"  # Mascobado, 21.7 %
    assert str(chart.rows[-1]["label"]) == "100 % (tout en locatif social)"


def test_share_csv_follows_the_filters_and_refuses_invalid_ones(client):
    _header, rows = share_csv(client, {"region": "nouvelle-aquitaine"})
    regional = set(
        Project.objects.published()
        .filter(commune__department__region__slug="nouvelle-aquitaine")
        .values_list("slug", flat=True)
    )
    assert {row[0] for row in rows} <= regional
    assert client.get("/statistiques/part-locatif-social-par-projet.csv", {"region": "atlantis"}).status_code == 400
    body = client.get(URL, {"region": "nouvelle-aquitaine"}).content.decode()
    assert 'href="/statistiques/part-locatif-social-par-projet.csv?region=nouvelle-aquitaine"' in body


# --- Filters -------------------------------------------------------------------------------------


def test_filters_change_the_numbers(client):
    response = client.get(URL, {"region": "nouvelle-aquitaine"})
    assert response.status_code == 200
    found = charts(response)
    assert response.context["figures"]["projects"] == 3
    homes = {str(row["chart_label"]): row["homes"] for row in found["statuts"].rows}
    assert homes == {"PSLA": 41, "VEFA": 1, "SCIAPP": 4, "Locatif social, statut non précisé": 46}
    assert column(found["regions"], "projects") == {"Nouvelle-Aquitaine": 3}
    expected = (
        published_lines()
        .filter(project__commune__department__region__slug="nouvelle-aquitaine")
        .aggregate(total=Sum("homes"))["total"]
    )
    assert sum(row["homes"] for row in found["categories"].rows) == expected


def test_statistics_use_the_same_filterset_as_the_list(client):
    query = {"statut": ["psla", "plus"], "annee_min": "2016"}
    stats = client.get(URL, query)
    listing = client.get("/projets/", query)
    assert stats.context["figures"]["projects"] == listing.context["result_count"]
    assert "Mettre à jour les statistiques" in stats.content.decode()


def test_drafts_are_never_counted(client):
    Project.objects.filter(slug="terra-arte").update(status="draft")
    chart = charts(client.get(URL))["statuts"]
    assert column(chart, "homes")["PSLA"] == 76 - 41


def test_invalid_filters_are_reported_on_the_page_and_refused_for_csv(client):
    response = client.get(URL, {"region": "atlantis"})
    assert response.status_code == 200
    assert response.context["has_errors"]
    assert "Certains filtres n'ont pas été compris" in response.content.decode()
    assert client.get("/statistiques/statuts.csv", {"region": "atlantis"}).status_code == 400
    assert client.get("/statistiques/regions.csv", {"annee_min": "abc"}).status_code == 400
    # The page's links leave the invalid value out, so its CSVs give the numbers shown.
    body = client.get(URL, {"region": "atlantis", "statut": "psla"}).content.decode()
    assert 'href="/statistiques/statuts.csv?statut=psla"' in body


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


# --- Query count -----------------------------------------------------------------------------------


def add_projects(count):
    """``count`` published projects with tenure lines, a developer, a mode and a commune each."""
    communes = list(Commune.objects.filter(department__isnull=False).order_by("insee_code")[:count])
    organisms = list(Organism.objects.filter(kind="hlm").order_by("slug")[:3])
    statuses = list(TenureStatus.objects.order_by("code")[:3])
    mode = InterventionMode.objects.first()
    now = timezone.now()
    for index in range(count):
        project = Project.objects.create(
            name=f"Projet de charge {index}",
            slug=f"projet-de-charge-{index}",
            commune=communes[index % len(communes)],
            total_homes=20 + index,
            delivery_year=2000 + index % 25,
            status="published",
            published_at=now - timedelta(days=index),
        )
        TenureLine.objects.create(project=project, status=statuses[index % 3], homes=5)
        TenureLine.objects.create(project=project, category="social_rental", homes=3)
        ProjectActor.objects.create(project=project, organism=organisms[index % len(organisms)], role="developer")
        project.intervention_modes.add(mode)


def test_csv_query_count_is_constant(client, django_assert_max_num_queries):
    for slug in CHART_SLUGS:
        with django_assert_max_num_queries(4):
            client.get(f"/statistiques/{slug}.csv?region=nouvelle-aquitaine")


def test_added_projects_are_counted(client):
    add_projects(30)
    found = charts(client.get(URL))
    assert column(found["statuts"], "homes", "chart_label")["Locatif social, statut non précisé"] == 46 + 5 + 30 * 3
    assert sum(row["projects"] for row in found["regions"].rows) == 49


# --- Pure helpers ------------------------------------------------------------------------------------


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=8), st.sampled_from([100, 400, 1000]))
def test_apportion_always_sums_to_the_whole(values, units):
    parts = apportion(values, units)
    if sum(values):
        assert sum(parts) == units
        assert all(part >= 0 for part in parts)
        assert all(abs(part - value * units / sum(values)) < 1 for part, value in zip(parts, values, strict=True))
    else:
        assert parts == [0] * len(values)


def test_year_rows_group_long_empty_stretches_only():
    rows = year_rows({2000: 1, 2002: 2, 2010: 1})
    assert [row["label"] for row in rows] == ["2000", "2001", "2002", "2003–2009", "2010"]
    assert [row["projects"] for row in rows] == [1, 0, 2, 0, 1]
    assert year_rows({}) == []


def test_page_size_does_not_grow_with_the_catalogue(client):
    """Every chart aggregates: 250 more projects add no row to any table (the per-project shares
    are only in the streamed CSV)."""
    from django.core.management import call_command

    call_command("generate_projects", 50, seed=1, no_photos=True, verbosity=0)
    small = client.get(URL)
    small_rows = {chart.slug: len(chart.rows) for chart in small.context["charts"]}
    call_command("generate_projects", 250, seed=2, no_photos=True, verbosity=0)
    large = client.get(URL)
    assert large.context["figures"]["projects"] >= small.context["figures"]["projects"] + 200
    for chart in large.context["charts"]:
        # Delivery years: one row per year of the span at most, whatever the number of projects.
        bound = 60 if chart.slug == "annees-livraison" else max(small_rows[chart.slug], 20)
        assert len(chart.rows) <= bound, chart.slug
    assert len(charts(large)["part-locatif-social"].rows) == 11
    assert len(large.content) < len(small.content) * 1.5  # 4.5 times more projects; new facet values only
    _header, rows = share_csv(client)
    assert len(rows) > 200
