"""Saving a project with its tenure lines: errors land on the form, never in a 500."""

import pytest
from django.urls import reverse

from projects.models import Project, TenureLine
from tests.factories import ProjectFactory, TenureLineFactory

from .helpers import form_data, seen_version

pytestmark = pytest.mark.django_db

FORM_ID = "project_form"


def add_url():
    return reverse("admin:projects_project_add")


def change_url(project):
    return reverse("admin:projects_project_change", args=[project.pk])


def lines_of(project):
    return sorted((line.display_label, line.homes) for line in project.tenure_lines.select_related("status"))


def new_project_data(client, commune, lines, **fields):
    """The add form filled with a project and ``lines`` (dicts of tenure-line fields)."""
    data = form_data(
        client.get(add_url()),
        FORM_ID,
        {
            "name": "Les Colibris test",
            "slug": "les-colibris-test",
            "commune": str(commune.pk),
            "tenure_lines-TOTAL_FORMS": str(len(lines)),
            **{k: str(v) for k, v in fields.items()},
        },
    )
    for index, line in enumerate(lines):
        for name, value in line.items():
            data[f"tenure_lines-{index}-{name}"] = [str(value)]
    return data


@pytest.fixture
def project(commune, plus, plai):
    """A draft in Bègles with 20 homes in two lines (12 PLUS, 8 PLAI)."""
    project = ProjectFactory(commune=commune, total_homes=20)
    TenureLineFactory(project=project, status=plus, homes=12)
    TenureLineFactory(project=project, status=plai, homes=8)
    return project


def edit_lines(client, project, changes, **fields):
    """The change form of ``project``; ``changes`` maps a line's label to field overrides."""
    response = client.get(change_url(project))
    data = form_data(response, FORM_ID, {k: str(v) for k, v in fields.items()})
    labels = {str(line.pk): line.display_label for line in project.tenure_lines.select_related("status")}
    for index in range(int(data["tenure_lines-INITIAL_FORMS"][0])):
        label = labels[data[f"tenure_lines-{index}-id"][0]]
        for name, value in changes.get(label, {}).items():
            data[f"tenure_lines-{index}-{name}"] = [str(value)]
    return data


def assert_form_error(response, text):
    assert response.status_code == 200, response.status_code
    assert "errornote" in response.content.decode()
    assert text in response.content.decode()


# --- Adding --------------------------------------------------------------------------------


def test_valid_project_with_two_lines_is_saved(superuser_client, commune, plus, plai, intervention_mode):
    data = new_project_data(
        superuser_client,
        commune,
        [{"status": plus.pk, "homes": 15}, {"status": plai.pk, "homes": 8}],
        total_homes=23,
    )
    data["intervention_modes"] = [str(intervention_mode.pk)]
    response = superuser_client.post(add_url(), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    project = Project.objects.get(slug="les-colibris-test")
    assert project.total_homes == 23
    assert lines_of(project) == [("PLAI", 8), ("PLUS", 15)]
    assert list(project.intervention_modes.all()) == [intervention_mode]


def test_lines_over_the_total_are_a_form_error(superuser_client, commune, plus, plai):
    data = new_project_data(
        superuser_client,
        commune,
        [{"status": plus.pk, "homes": 20}, {"status": plai.pk, "homes": 10}],
        total_homes=23,
    )
    response = superuser_client.post(add_url(), data)
    assert_form_error(response, "Les lignes totalisent 30 logements, plus que le total du projet (23).")
    assert not Project.objects.filter(slug="les-colibris-test").exists()
    assert not TenureLine.objects.filter(project__slug="les-colibris-test").exists()


def test_lines_without_total_are_accepted(superuser_client, commune, plus):
    data = new_project_data(superuser_client, commune, [{"status": plus.pk, "homes": 40}])
    assert superuser_client.post(add_url(), data).status_code == 302
    assert lines_of(Project.objects.get(slug="les-colibris-test")) == [("PLUS", 40)]


def test_same_status_twice_is_a_form_error(superuser_client, commune, plus):
    data = new_project_data(
        superuser_client, commune, [{"status": plus.pk, "homes": 3}, {"status": plus.pk, "homes": 4}], total_homes=23
    )
    response = superuser_client.post(add_url(), data)
    assert_form_error(response, "Le statut « PLUS » figure déjà sur une autre ligne.")
    assert not Project.objects.filter(slug="les-colibris-test").exists()


def test_same_category_twice_is_a_form_error(superuser_client, commune):
    data = new_project_data(
        superuser_client,
        commune,
        [{"category": "social_rental", "homes": 3}, {"category": "social_rental", "homes": 4}],
        total_homes=23,
    )
    response = superuser_client.post(add_url(), data)
    assert_form_error(response, "La catégorie « Locatif social » figure déjà sur une autre ligne.")


@pytest.mark.parametrize("line", [{"homes": 3}, {"category": "social_rental", "homes": 3, "status": "PLUS"}])
def test_a_line_needs_a_status_or_a_category_not_both(superuser_client, commune, plus, line):
    if line.get("status") == "PLUS":
        line = {**line, "status": plus.pk}
    data = new_project_data(superuser_client, commune, [line], total_homes=23)
    response = superuser_client.post(add_url(), data)
    assert_form_error(response, "Indiquez soit un statut d&#x27;occupation, soit une catégorie seule, pas les deux.")
    assert not Project.objects.filter(slug="les-colibris-test").exists()


def test_participatory_homes_over_total_is_a_form_error(superuser_client, commune):
    data = new_project_data(superuser_client, commune, [], total_homes=10, participatory_homes=12)
    response = superuser_client.post(add_url(), data)
    assert_form_error(response, "Les logements participatifs ne peuvent pas dépasser le nombre total de logements.")


# --- Changing ------------------------------------------------------------------------------


def test_lowering_total_and_lines_together_is_saved(superuser_client, project):
    data = edit_lines(superuser_client, project, {"PLUS": {"homes": 6}, "PLAI": {"homes": 4}}, total_homes=10)
    response = superuser_client.post(change_url(project), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    project.refresh_from_db()
    assert project.total_homes == 10
    assert lines_of(project) == [("PLAI", 4), ("PLUS", 6)]


def test_lowering_total_below_unchanged_lines_is_a_form_error(superuser_client, project):
    data = edit_lines(superuser_client, project, {}, total_homes=15)
    response = superuser_client.post(change_url(project), data)
    assert_form_error(response, "Les lignes totalisent 20 logements, plus que le total du projet (15).")
    project.refresh_from_db()
    assert project.total_homes == 20


def test_moving_homes_between_full_lines_is_saved(superuser_client, project):
    """Whatever the display order, one line grows before the other shrinks."""
    data = edit_lines(superuser_client, project, {"PLUS": {"homes": 8}, "PLAI": {"homes": 12}})
    assert superuser_client.post(change_url(project), data).status_code == 302
    assert lines_of(project) == [("PLAI", 12), ("PLUS", 8)]
    data = edit_lines(superuser_client, project, {"PLUS": {"homes": 13}, "PLAI": {"homes": 7}})
    assert superuser_client.post(change_url(project), data).status_code == 302
    assert lines_of(project) == [("PLAI", 7), ("PLUS", 13)]
    project.refresh_from_db()
    assert project.total_homes == 20


def test_swapping_statuses_is_saved(superuser_client, project, plus, plai):
    data = edit_lines(superuser_client, project, {"PLUS": {"status": plai.pk}, "PLAI": {"status": plus.pk}})
    assert superuser_client.post(change_url(project), data).status_code == 302
    assert lines_of(project) == [("PLAI", 12), ("PLUS", 8)]


def test_a_line_can_take_the_status_of_a_deleted_line(superuser_client, project, plus, plai):
    data = edit_lines(superuser_client, project, {"PLUS": {"DELETE": "on"}, "PLAI": {"status": plus.pk}})
    assert superuser_client.post(change_url(project), data).status_code == 302
    assert lines_of(project) == [("PLUS", 8)]


def test_adding_a_status_already_on_a_line_is_a_form_error(superuser_client, project, plus):
    data = edit_lines(superuser_client, project, {"PLUS": {"homes": 5}})
    data["tenure_lines-TOTAL_FORMS"] = ["3"]
    data["tenure_lines-2-status"] = [str(plus.pk)]
    data["tenure_lines-2-homes"] = ["1"]
    response = superuser_client.post(change_url(project), data)
    assert_form_error(response, "Le statut « PLUS » figure déjà sur une autre ligne.")
    assert lines_of(project) == [("PLAI", 8), ("PLUS", 12)]


def test_unchanged_project_saves(superuser_client, project):
    data = edit_lines(superuser_client, project, {})
    assert superuser_client.post(change_url(project), data).status_code == 302
    project.refresh_from_db()
    assert project.total_homes == 20
    assert lines_of(project) == [("PLAI", 8), ("PLUS", 12)]


def test_publishing_from_the_admin_stamps_the_publication_date(superuser_client):
    project = ProjectFactory()
    url = reverse("admin:projects_project_transition", args=[project.pk, "publish"])
    response = superuser_client.post(url, seen_version(project))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.is_published and project.published_at is not None


def test_the_status_is_not_a_field_of_the_form(superuser_client):
    """Publishing goes through the workflow's buttons (tests/backoffice/test_workflow.py), never the form."""
    project = ProjectFactory()
    data = form_data(superuser_client.get(change_url(project)), FORM_ID, {"status": "published"})
    assert superuser_client.post(change_url(project), data).status_code == 302
    project.refresh_from_db()
    assert project.status == "draft" and project.published_at is None
