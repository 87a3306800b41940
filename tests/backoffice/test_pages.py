"""Every admin page opens, searches work, and changelists do not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisms.models import Organism
from projects.models import (
    CommonSpace,
    CostFigure,
    InterventionMode,
    Milestone,
    Photo,
    Project,
    ProjectActor,
    ProjectSource,
    Quote,
    Source,
    Surface,
    TenureLine,
    TenureStatus,
)

pytestmark = pytest.mark.django_db

MODELS = [Organism, Source, TenureStatus, InterventionMode, Project]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def source(db):
    return Source.objects.create(slug="source-test", title="Actes des rencontres", publisher="Réseau test")


@pytest.fixture
def organism(commune):
    return Organism.objects.create(
        name="Office test de l'habitat", short_name="OTH", slug="office-test", family="OPH", head_office=commune
    )


@pytest.fixture
def full_project(commune, organism, source, plus, intervention_mode):
    """A project with a row in every inline."""
    project = Project.objects.create(
        name="La Ruche test", slug="la-ruche-test", commune=commune, total_homes=23, location_as_written="Bègles (33)"
    )
    project.intervention_modes.add(intervention_mode)
    TenureLine.objects.create(project=project, status=plus, homes=10, source=source, locator="p. 3")
    TenureLine.objects.create(project=project, category="social_ownership", homes=5)
    ProjectActor.objects.create(project=project, organism=organism, role="developer", source=source)
    Milestone.objects.create(project=project, kind="delivery", date_text="été 2017", year=2017, source=source)
    Surface.objects.create(project=project, measure="SHAB", area_m2="1520.50")
    CostFigure.objects.create(project=project, kind="sale_price", amount="2400", tax_basis="TTC")
    CommonSpace.objects.create(project=project, name="Salle commune", area_m2="45")
    Quote.objects.create(project=project, text="On a tout décidé ensemble.", attribution="Une habitante")
    ProjectSource.objects.create(project=project, source=source, locator="p. 3", facts="Programme")
    Photo.objects.create(
        project=project, image="photos/test.jpg", alt_text="La façade", credit="Réseau test", licence="CC BY"
    )
    return project


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
@pytest.mark.parametrize("query", ["", "?q=test", "?q=B%C3%A8gles"])
def test_changelist_opens(superuser_client, full_project, model, query):
    response = superuser_client.get(admin_url(model, "changelist") + query)
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_add_page_opens(superuser_client, model):
    response = superuser_client.get(admin_url(model, "add"))
    assert response.status_code == 200


def test_project_search_finds_by_organism_and_commune(superuser_client, full_project):
    for query in ["OTH", "Office test", "Bègles", "ruche"]:
        response = superuser_client.get(admin_url(Project, "changelist"), {"q": query})
        assert full_project in response.context["cl"].result_list, query


def test_project_change_page_with_every_inline_opens(superuser_client, full_project):
    response = superuser_client.get(admin_url(Project, "change", full_project.pk))
    assert response.status_code == 200
    content = response.content.decode()
    for prefix in [
        "tenure_lines",
        "actors",
        "milestones",
        "surfaces",
        "cost_figures",
        "common_spaces",
        "quotes",
        "citations",
        "photos",
    ]:
        assert f'name="{prefix}-TOTAL_FORMS"' in content, prefix
    # Fieldsets in plain French, help texts kept.
    for text in ["Localisation", "Programme", "Calendrier", "Comment participer", "Publication"]:
        assert text in content
    assert "Ceux dont les habitants participent à la conception" in content


@pytest.mark.parametrize(
    "model, make",
    [
        (Organism, lambda project: project.actors.get().organism),
        (Source, lambda project: project.citations.get().source),
        (TenureStatus, lambda project: project.tenure_lines.exclude(status=None).get().status),
        (InterventionMode, lambda project: project.intervention_modes.get()),
    ],
    ids=["Organism", "Source", "TenureStatus", "InterventionMode"],
)
def test_change_page_opens(superuser_client, full_project, model, make):
    response = superuser_client.get(admin_url(model, "change", make(full_project).pk))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "model_name, field_name, term, expected",
    [
        ("projectactor", "organism", "OTH", lambda project: project.actors.get().organism),
        ("tenureline", "source", "actes des", lambda project: project.citations.get().source),
        ("projectsource", "source", "source-test", lambda project: project.citations.get().source),
    ],
)
def test_autocompletes_answer(superuser_client, full_project, model_name, field_name, term, expected):
    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "projects", "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    assert str(expected(full_project).pk) in [row["id"] for row in response.json()["results"]]


def test_commune_autocomplete_answers(superuser_client, full_project):
    """Needs geo's CommuneAdmin (with search_fields), used by the project and organism forms."""
    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "projects", "model_name": "project", "field_name": "commune", "term": "Bègles"},
    )
    assert response.status_code == 200
    assert full_project.commune_id in [int(row["id"]) for row in response.json()["results"]]


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _more_projects(commune, organism, mode, plus, start, stop):
    for index in range(start, stop):
        project = Project.objects.create(
            name=f"Projet {index}", slug=f"projet-{index}", commune=commune, total_homes=10, phase="works"
        )
        project.intervention_modes.add(mode)
        ProjectActor.objects.create(project=project, organism=organism, role="developer")
        TenureLine.objects.create(project=project, status=plus, homes=4)


@pytest.mark.parametrize("model", [Project, Organism], ids=["Project", "Organism"])
def test_changelist_queries_do_not_grow_with_rows(
    superuser_client, django_assert_max_num_queries, commune, organism, intervention_mode, plus, model
):
    url = admin_url(model, "changelist")
    _more_projects(commune, organism, intervention_mode, plus, 0, 2)
    Organism.objects.create(name="Ville test", slug="ville-test", kind="local_authority", head_office=commune)
    superuser_client.get(url)  # warm caches (session, content types)
    baseline = _queries(superuser_client, url)

    _more_projects(commune, organism, intervention_mode, plus, 2, 20)
    for index in range(18):
        Organism.objects.create(name=f"Organisme {index}", slug=f"organisme-{index}", head_office=commune)
    with django_assert_max_num_queries(baseline):
        assert superuser_client.get(url).status_code == 200


def test_project_changelist_filters(superuser_client, full_project, intervention_mode):
    url = admin_url(Project, "changelist")
    region = full_project.commune.department.region
    for params in [
        {"status__exact": "draft"},
        {"phase__exact": "works"},
        {"participatory_family__exact": "social_housing"},
        {"intervention_modes__id__exact": intervention_mode.pk},
        {"commune__department__region__id__exact": region.pk, "q": "ruche"},
    ]:
        response = superuser_client.get(url, params)
        assert response.status_code == 200, params
    response = superuser_client.get(url, {"commune__department__region__id__exact": region.pk})
    assert full_project in response.context["cl"].result_list
