"""Statistics at scale: the number of queries and the page size do not grow with the catalogue;
the pure helpers (apportioning, year rows) hold for any input."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from geo.models import Commune
from organisms.models import Organism
from projects.models import InterventionMode, Project, ProjectActor, TenureLine, TenureStatus
from stats.charts import apportion, year_rows

from .statistics_page import CHART_SLUGS, URL, charts, column, share_csv

pytestmark = pytest.mark.django_db


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
