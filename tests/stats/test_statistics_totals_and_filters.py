"""Statistics page: totals come from the published tenure lines, and the list's filters change them."""

import pytest
from django.db.models import Sum

from projects.models import Project, ProjectActor

from .statistics_page import URL, charts, column, published_lines, share_csv

pytestmark = pytest.mark.django_db


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
