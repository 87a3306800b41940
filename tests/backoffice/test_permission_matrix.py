"""The permission matrix, checked through HTTP requests to the admin.

Each cell of the tables below is one test: a role does an action on a target and gets
the expected outcome. "yes": done (and its effect checked in the database); "no":
refused (403, or 404 when the project is outside the user's organisms, and nothing
changed); "login": sent to the login page.

The "import" column uploads a CSV renaming the project to the admin's import page and
confirms the preview (``projects.import_projects``, held by moderators): "yes" means the
project was renamed; the admin's templates (``perms``) show the import link accordingly.
"""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backoffice.spreadsheet import spreadsheet_csv
from geo.models import Commune
from projects.models import Project, PublicationStatus, Source, TenureStatus
from tests.factories import ProjectFactory

from .helpers import form_data, seen_version

pytestmark = pytest.mark.django_db

PROJECT_MATRIX = """
role       target  list   view   add    change delete submit publish import history
anonymous  A       login  login  login  login  login  login  login   login  login
editor_a   A       yes    yes    yes    yes    yes    yes    no      no     yes
editor_b   A       no     no     no     no     no     no     no      no     no
moderator  A       yes    yes    yes    yes    yes    yes    yes     yes    yes
superuser  A       yes    yes    yes    yes    yes    yes    yes     yes    yes
anonymous  B       login  login  login  login  login  login  login   login  login
editor_a   B       no     no     no     no     no     no     no      no     no
editor_b   B       yes    yes    yes    yes    yes    yes    no      no     yes
moderator  B       yes    yes    yes    yes    yes    yes    yes     yes    yes
superuser  B       yes    yes    yes    yes    yes    yes    yes     yes    yes
"""

# Reference data. Organism A is editor A's own organism: they may edit its presentation.
REFERENCE_MATRIX = """
role       target         list   view   add    change delete history
anonymous  tenure_status  login  login  login  login  login  login
editor_a   tenure_status  yes    yes    no     no     no     yes
editor_b   tenure_status  yes    yes    no     no     no     yes
moderator  tenure_status  yes    yes    yes    yes    yes    yes
superuser  tenure_status  yes    yes    yes    yes    yes    yes
anonymous  source         login  login  login  login  login  login
editor_a   source         yes    yes    no     no     no     yes
editor_b   source         yes    yes    no     no     no     yes
moderator  source         yes    yes    yes    yes    yes    yes
superuser  source         yes    yes    yes    yes    yes    yes
anonymous  organism_a     login  login  login  login  login  login
editor_a   organism_a     yes    yes    no     yes    no     yes
editor_b   organism_a     yes    yes    no     no     no     yes
moderator  organism_a     yes    yes    yes    yes    yes    yes
superuser  organism_a     yes    yes    yes    yes    yes    yes
anonymous  organism_b     login  login  login  login  login  login
editor_a   organism_b     yes    yes    no     no     no     yes
editor_b   organism_b     yes    yes    no     yes    no     yes
moderator  organism_b     yes    yes    yes    yes    yes    yes
superuser  organism_b     yes    yes    yes    yes    yes    yes
anonymous  commune        login  login  login  login  login  login
editor_a   commune        yes    yes    no     no     no     yes
editor_b   commune        yes    yes    no     no     no     yes
moderator  commune        yes    yes    no     no     no     yes
superuser  commune        yes    yes    no     no     no     yes
"""


def cells(table):
    lines = [line.split() for line in table.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    return [
        pytest.param(role, target, action, expected, id=f"{role}-{target}-{action}")
        for role, target, *outcomes in rows
        for action, expected in zip(header[2:], outcomes, strict=True)
    ]


def assert_login(response):
    assert response.status_code == 302 and reverse("admin:login") in response["Location"], response.status_code


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# --- Projects ------------------------------------------------------------------------------


@pytest.fixture
def projects(organism_a, organism_b):
    return {"A": ProjectFactory(developer=organism_a), "B": ProjectFactory(developer=organism_b)}


@pytest.fixture
def organisms(organism_a, organism_b):
    return {"A": organism_a, "B": organism_b}


def do_list(client, project, **_):
    response = client.get(url(Project, "changelist"))
    if response.status_code != 200:
        return response, None
    return response, project in response.context["cl"].result_list


def do_view(client, project, **_):
    response = client.get(url(Project, "change", project.pk))
    return response, response.status_code == 200


def do_add(client, project, organism, user, **_):
    """Add a new project belonging to the target's organism."""
    page = client.get(url(Project, "add"))
    if page.status_code != 200:
        return page, False
    data = form_data(page, "project_form", {"name": "Nouveau projet", "slug": "nouveau-projet"})
    if "owner_organism" in data:  # an editor's add form: their organism is chosen there
        data["owner_organism"] = [str(organism.pk)]
    else:
        data.update(
            {"actors-TOTAL_FORMS": ["1"], "actors-0-organism": [str(organism.pk)], "actors-0-role": ["developer"]}
        )
    response = client.post(url(Project, "add"), data)
    created = Project.objects.filter(slug="nouveau-projet", actors__organism=organism).exists()
    assert created == (response.status_code == 302)
    return response, created


def do_change(client, project, superuser_client, **_):
    page = client.get(url(Project, "change", project.pk))
    source = page if page.status_code == 200 else superuser_client.get(url(Project, "change", project.pk))
    data = form_data(source, "project_form", {"summary": "Résumé changé"})
    response = client.post(url(Project, "change", project.pk), data)
    changed = Project.objects.get(pk=project.pk).summary == "Résumé changé"
    return response, changed


def do_delete(client, project, **_):
    response = client.post(url(Project, "delete", project.pk), {"post": "yes"})
    return response, not Project.objects.filter(pk=project.pk).exists()


def do_submit(client, project, **_):
    response = client.post(url(Project, "transition", project.pk, "submit"))
    return response, Project.objects.get(pk=project.pk).status == PublicationStatus.SUBMITTED


def do_publish(client, project, **_):
    response = client.post(url(Project, "transition", project.pk, "publish"), seen_version(project))
    return response, Project.objects.get(pk=project.pk).status == PublicationStatus.PUBLISHED


def do_import(client, project, user, **_):
    changelist = client.get(url(Project, "changelist"))
    if changelist.status_code == 200:
        assert changelist.context["perms"]["projects"]["import_projects"] == user.has_perm("projects.import_projects")
    exported = spreadsheet_csv(Project.objects.filter(pk=project.pk)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported, newline=""), delimiter=";"))
    rows[1][rows[0].index("nom")] = "Renommé par import"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    upload = SimpleUploadedFile("projets.csv", buffer.getvalue().encode(), content_type="text/csv")
    response = client.post(reverse("admin:projects_project_import"), {"file": upload})
    if response.status_code == 200 and 'name="token"' in response.content.decode():
        html = response.content.decode()
        start = html.index('name="token" value="') + len('name="token" value="')
        response = client.post(
            reverse("admin:projects_project_import"), {"token": html[start : html.index('"', start)]}
        )
    return response, Project.objects.get(pk=project.pk).name == "Renommé par import"


def do_history(client, project, **_):
    response = client.get(url(Project, "history", project.pk))
    return response, response.status_code == 200 and project.name in response.content.decode()


PROJECT_ACTIONS = {
    "list": do_list,
    "view": do_view,
    "add": do_add,
    "change": do_change,
    "delete": do_delete,
    "submit": do_submit,
    "publish": do_publish,
    "import": do_import,
    "history": do_history,
}


@pytest.mark.parametrize("role, target, action, expected", cells(PROJECT_MATRIX))
def test_project_permissions(role, target, action, expected, users, client_for, projects, organisms):
    project = projects[target]
    if action == "publish":  # a moderator publishes what an editor submitted
        Project.objects.filter(pk=project.pk).update(status=PublicationStatus.SUBMITTED)
    client = client_for(role)
    before = Project.objects.filter(pk=project.pk).values().first()
    response, done = PROJECT_ACTIONS[action](
        client,
        project,
        organism=organisms[target],
        user=users[role],
        superuser_client=client_for("superuser"),
    )
    if expected == "login":
        assert_login(response)
        assert Project.objects.filter(pk=project.pk).values().first() == before
    elif expected == "yes":
        assert response.status_code in (200, 302), response.status_code
        assert done, (role, target, action)
    else:
        assert not done, (role, target, action)
        if action == "import":
            assert response.status_code in (403, 404), response.status_code
        if action not in ("list", "import", "add"):
            assert response.status_code in (403, 404), response.status_code
            assert Project.objects.filter(pk=project.pk).values().first() == before


# --- Reference data ------------------------------------------------------------------------


@pytest.fixture
def references(organism_a, organism_b):
    return {
        "tenure_status": (TenureStatus.objects.get(code="psla"), "explanation"),
        "source": (Source.objects.order_by("pk").first(), "summary"),
        "organism_a": (organism_a, "description"),
        "organism_b": (organism_b, "description"),
        "commune": (Commune.objects.get(insee_code="33063"), "name"),
    }


def ref_list(client, obj, **_):
    response = client.get(
        url(type(obj), "changelist"), {"q": str(obj)[:20]} if type(obj) is not Commune else {"q": "33063"}
    )
    if response.status_code != 200:
        return response, False
    return response, obj in response.context["cl"].result_list


def ref_view(client, obj, **_):
    response = client.get(url(type(obj), "change", obj.pk))
    return response, response.status_code == 200


def ref_add(client, obj, **_):
    response = client.get(url(type(obj), "add"))
    return response, response.status_code == 200


def ref_change(client, obj, field, superuser_client, **_):
    model = type(obj)
    page = superuser_client.get(url(model, "change", obj.pk))
    data = form_data(page, f"{model._meta.model_name}_form", {field: "Texte changé"})
    response = client.post(url(model, "change", obj.pk), data)
    return response, getattr(model.objects.get(pk=obj.pk), field) == "Texte changé"


def ref_delete(client, obj, **_):
    """The confirmation page (a real delete of seed reference rows is blocked by PROTECT anyway)."""
    response = client.get(url(type(obj), "delete", obj.pk))
    return response, response.status_code == 200


def ref_history(client, obj, **_):
    response = client.get(url(type(obj), "history", obj.pk))
    return response, response.status_code == 200


REFERENCE_ACTIONS = {
    "list": ref_list,
    "view": ref_view,
    "add": ref_add,
    "change": ref_change,
    "delete": ref_delete,
    "history": ref_history,
}


@pytest.mark.parametrize("role, target, action, expected", cells(REFERENCE_MATRIX))
def test_reference_data_permissions(role, target, action, expected, client_for, references):
    obj, field = references[target]
    before = type(obj).objects.filter(pk=obj.pk).values().first()
    response, done = REFERENCE_ACTIONS[action](
        client_for(role), obj, field=field, superuser_client=client_for("superuser")
    )
    if expected == "login":
        assert_login(response)
    elif expected == "yes":
        assert response.status_code in (200, 302), response.status_code
        assert done
    else:
        assert response.status_code == 403, response.status_code
        assert not done
        assert type(obj).objects.filter(pk=obj.pk).values().first() == before


def test_the_matrix_names_every_role_target_and_action():
    project_cells = {(p.values[0], p.values[1], p.values[2]) for p in cells(PROJECT_MATRIX)}
    assert len(project_cells) == 5 * 2 * 9
    reference_cells = {(p.values[0], p.values[1], p.values[2]) for p in cells(REFERENCE_MATRIX)}
    assert len(reference_cells) == 5 * 5 * 6
