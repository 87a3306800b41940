"""Openings: the « à confirmer » rule (defined once), the database limits, the filter and its facet."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.http import QueryDict

from projects.filters import ProjectFilter, build_facets
from projects.models import OpeningState, OpeningStatus, Project, ProjectOpening, opening_state
from projects.models.openings import months_before, validity_cutoff
from tests.factories import ProjectFactory, ProjectOpeningFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)


def test_months_before_keeps_the_day_or_the_last_day_of_a_shorter_month():
    assert months_before(datetime.date(2026, 12, 2), 6) == datetime.date(2026, 6, 2)
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 3, 15), 15) == datetime.date(2024, 12, 15)


def test_validity_follows_the_setting(settings):
    settings.OPENING_VALIDITY_MONTHS = 3
    assert validity_cutoff(TODAY) == datetime.date(2026, 9, 2)


def test_a_status_older_than_its_validity_reads_to_confirm_everywhere_the_rule_is_used():
    fresh = ProjectOpeningFactory(status=OpeningStatus.HOMES_AVAILABLE, homes_available=3)
    stale = ProjectOpeningFactory(status=OpeningStatus.SEEKING_MEMBERS, as_of=datetime.date(2020, 1, 1))
    without = ProjectFactory(published=True)
    states = dict(Project.objects.with_opening().values_list("pk", "opening_state"))
    assert states[fresh.project_id] == OpeningState.HOMES_AVAILABLE
    assert states[stale.project_id] == OpeningState.TO_CONFIRM
    assert states[without.pk] is None
    # The same expression on the opening itself.
    on_openings = dict(ProjectOpening.objects.annotate(state=opening_state(prefix="")).values_list("pk", "state"))
    assert on_openings == {fresh.pk: "homes_available", stale.pk: "to_confirm"}
    assert fresh.is_current and not stale.is_current


def test_the_day_the_validity_ends_the_status_is_still_current(settings):
    settings.OPENING_VALIDITY_MONTHS = 6
    cutoff = validity_cutoff()
    on_the_day = ProjectOpeningFactory(as_of=cutoff)
    day_after = ProjectOpeningFactory(as_of=cutoff - datetime.timedelta(days=1))
    states = dict(Project.objects.with_opening().values_list("pk", "opening_state"))
    assert states[on_the_day.project_id] == "seeking_members"
    assert states[day_after.project_id] == "to_confirm"


def test_one_opening_per_project_in_the_database():
    opening = ProjectOpeningFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectOpening.objects.create(project=opening.project, status=OpeningStatus.FULL, as_of=TODAY)


@pytest.mark.parametrize(
    "status, homes",
    [(OpeningStatus.FULL, 3), (OpeningStatus.HOMES_AVAILABLE, 0), (OpeningStatus.HOMES_AVAILABLE, 10_001)],
)
def test_homes_available_only_with_that_status_and_within_limits(status, homes):
    project = ProjectFactory(published=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectOpening.objects.create(project=project, status=status, as_of=TODAY, homes_available=homes)


def test_unknown_status_and_overlong_steps_are_refused_by_the_database():
    project = ProjectFactory(published=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectOpening.objects.create(project=project, status="recruiting-maybe", as_of=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectOpening.objects.create(project=project, status=OpeningStatus.FULL, as_of=TODAY, how_to_join="x" * 2001)


def slugs(query):
    filterset = ProjectFilter(QueryDict(query), queryset=Project.objects.published())
    return set(filterset.qs.values_list("slug", flat=True))


@pytest.fixture
def openings(catalogue):
    return {
        "seeking": ProjectOpeningFactory(project__slug="cherche-membres"),
        "homes": ProjectOpeningFactory(
            project__slug="logements-libres", status=OpeningStatus.HOMES_AVAILABLE, homes_available=4, tenures=["psla"]
        ),
        "stale": ProjectOpeningFactory(project__slug="ancien-statut", as_of=datetime.date(2021, 5, 1)),
        "draft": ProjectOpeningFactory(project__slug="brouillon-qui-recrute", project__published=False),
    }


def test_the_opening_filter_selects_by_displayed_state(openings):
    assert slugs("ouverture=seeking_members") == {"cherche-membres"}
    assert slugs("ouverture=seeking_members&ouverture=homes_available") == {"cherche-membres", "logements-libres"}
    # A stale « seeking members » is « à confirmer », not recruiting.
    assert slugs("ouverture=to_confirm") == {"ancien-statut"}
    assert slugs("ouverture=full") == set()


def test_the_opening_facet_counts_displayed_states_and_never_drafts(openings):
    filterset = ProjectFilter(QueryDict("ouverture=seeking_members"), queryset=Project.objects.published())
    facet = next(f for f in build_facets(filterset) if f["name"] == "ouverture")
    counts = {option["value"]: option["count"] for option in facet["options"]}
    assert counts == {"seeking_members": 1, "homes_available": 1, "to_confirm": 1}
    assert [option["value"] for option in facet["options"] if option["checked"]] == ["seeking_members"]


def test_an_unknown_opening_value_is_a_form_error_not_a_500(client, openings):
    response = client.get("/projets/?ouverture=nimporte")
    assert response.status_code == 200
    assert client.get("/projets/export.csv?ouverture=nimporte").status_code == 400
    assert client.get("/api/v1/projets/?ouverture=nimporte").status_code == 400
