"""A project page's related cards ("Projets proches"): the first six published projects, by name,
that share one of its Hlm organisms, and the first six in its département; never itself, never a
draft; a project may be in both rows. Checked against a plain Python reading of the catalogue,
for every seed project and for projects with more neighbours than a row shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from geo.models import Commune
from projects.models import Project, ProjectActor
from projects.related import RELATED_CARDS, related_rows
from tests.factories import BEGLES, OrganismFactory, ProjectActorFactory, ProjectFactory, commune

pytestmark = pytest.mark.django_db


def expected_rows(project):
    """Each row read the slow, obvious way: every published project, kept if it qualifies."""
    organisms = {actor.organism_id for actor in project.actors.all() if actor.organism.kind == "hlm"}
    department = project.commune.department_id if project.commune_id else None
    others = sorted(
        Project.objects.published().exclude(pk=project.pk).select_related("commune"), key=lambda p: (p.name, p.pk)
    )
    by_organism = [
        p.pk for p in others if organisms and ProjectActor.objects.filter(project=p, organism__in=organisms).exists()
    ]
    by_department = [
        p.pk for p in others if department is not None and p.commune_id and p.commune.department_id == department
    ]
    return by_organism[:RELATED_CARDS], by_department[:RELATED_CARDS]


def shown_rows(project):
    organism_row, department_row = related_rows(Project.objects.select_related("commune").get(pk=project.pk))
    return [p.pk for p in organism_row], [p.pk for p in department_row]


@pytest.fixture
def neighbourhood(catalogue):
    """A Bordeaux project whose Hlm developer carries nine more projects (one a draft, one
    archived), half in Gironde, half elsewhere; and seven more published projects in Gironde."""
    developer = OrganismFactory(kind="hlm", family="OPH")
    project = ProjectFactory(name="Projet M", published=True, in_bordeaux=True, developer=developer)
    elsewhere = Commune.objects.exclude(department=project.commune.department).order_by("insee_code").first()
    for number in range(9):
        ProjectFactory(
            name=f"Projet A{number}",
            published=number != 4,
            archived=number == 4,
            commune=commune(BEGLES) if number % 2 else elsewhere,
            developer=developer,
        )
    ProjectFactory(name="Projet A-brouillon", developer=developer, in_bordeaux=True)
    for number in range(7):
        ProjectFactory(name=f"Projet B{number}", published=True, commune=commune(BEGLES))
    return project


def test_each_row_is_the_first_six_by_name_of_its_neighbours_published_and_not_itself(neighbourhood):
    organism_row, department_row = shown_rows(neighbourhood)

    assert (organism_row, department_row) == expected_rows(neighbourhood)
    assert len(organism_row) == RELATED_CARDS
    names = dict(Project.objects.values_list("pk", "name"))
    assert [names[pk] for pk in organism_row] == [
        "Projet A0",
        "Projet A1",
        "Projet A2",
        "Projet A3",
        "Projet A5",
        "Projet A6",
    ]
    assert neighbourhood.pk not in organism_row + department_row


def test_a_project_in_both_rows_is_shown_in_both(neighbourhood):
    organism_row, department_row = shown_rows(neighbourhood)

    both = set(organism_row) & set(department_row)
    begles = set(
        Project.objects.filter(commune__insee_code=BEGLES, name__startswith="Projet A").values_list("pk", flat=True)
    )
    assert both and both <= begles


def test_only_hlm_organisms_make_a_row_and_a_project_without_commune_has_no_departement_row(catalogue):
    association = OrganismFactory(kind="amo")
    project = ProjectFactory(published=True, developer=association)
    ProjectFactory(published=True, developer=association, in_bordeaux=True)

    assert shown_rows(project) == ([], []) == expected_rows(project)


def test_an_hlm_partner_counts_like_the_developer(catalogue):
    partner = OrganismFactory(kind="hlm", family="ESH")
    project = ProjectFactory(published=True)
    ProjectActorFactory(project=project, organism=partner, role="partner")
    neighbour = ProjectFactory(published=True, developer=partner)

    assert shown_rows(project) == ([neighbour.pk], []) == expected_rows(project)


def test_every_seed_project_shows_the_rows_of_the_obvious_reading(catalogue):
    for project in Project.objects.published().select_related("commune").prefetch_related("actors__organism"):
        assert shown_rows(project) == expected_rows(project), project.slug


def test_both_rows_and_their_cards_cost_the_same_queries_however_many_neighbours(neighbourhood):
    lonely = ProjectFactory(published=True, in_bordeaux=True, developer=OrganismFactory(kind="hlm"))
    counts = []
    for project in (lonely, neighbourhood):
        project = Project.objects.select_related("commune").prefetch_related("actors__organism").get(pk=project.pk)
        with CaptureQueriesContext(connection) as queries:
            rows = related_rows(project)
        assert rows[1]
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] <= 4  # the rows, then the cards' developers, tenure lines, photos
