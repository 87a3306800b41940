"""Import and export in the admin, over HTTP: permission, preview, confirmation, hostile files."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import EDITORS, MODERATORS
from accounts.services import create_staff_user
from backoffice.spreadsheet import all_columns, spreadsheet_csv
from organisms.models import Organism
from projects.models import Project, ProjectImport, PublicationStatus
from tests.projects import images
from tests.projects.import_files import BAD_FILES, HEADER, csv_bytes, good_row

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:projects_project_import"


def url(name, *args):
    return reverse(name, args=args)


@pytest.fixture
def moderator(client, catalogue):
    """A moderator, made as in production (role group)."""
    user, _ = create_staff_user("moderatrice", role=MODERATORS)
    client.force_login(user)
    return client


@pytest.fixture
def staff_without_import(client, catalogue):
    """An organism editor: may edit Le COL's projects, may not import."""
    user, _ = create_staff_user("editrice", role=EDITORS, organisms=[Organism.objects.get(slug="le-col")])
    client.force_login(user)
    return client


def upload(client, data, name="projets.csv", publish=False):
    payload = {"file": SimpleUploadedFile(name, data, content_type="text/csv")}
    if publish:
        payload["publish"] = "on"
    return client.post(url(IMPORT_URL), payload)


def token_of(response):
    html = response.content.decode()
    start = html.index('name="token" value="') + len('name="token" value="')
    return html[start : html.index('"', start)]


def test_the_import_permission_is_declared_with_its_french_name(db):
    permission = Permission.objects.get(content_type__app_label="projects", codename="import_projects")
    assert permission.name == "Importer des projets"


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    for name in (IMPORT_URL, "admin:projects_project_import_format"):
        response = client.get(url(name))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.get(url("admin:projects_project_export", "csv")).status_code == 302


def test_staff_without_the_permission_cannot_import_but_can_export_what_they_see(staff_without_import):
    assert staff_without_import.get(url(IMPORT_URL)).status_code == 403
    assert staff_without_import.post(url(IMPORT_URL), {"token": "x"}).status_code == 403
    assert staff_without_import.get(url("admin:projects_project_import_format")).status_code == 403
    assert staff_without_import.get(url("admin:projects_project_import_template", "csv")).status_code == 403
    changelist = staff_without_import.get(url("admin:projects_project_changelist")).content.decode()
    assert url(IMPORT_URL) not in changelist
    assert staff_without_import.get(url("admin:projects_project_export", "csv")).status_code == 200


def test_the_changelist_links_to_import_and_export_for_moderators(moderator):
    html = moderator.get(url("admin:projects_project_changelist")).content.decode()
    assert url(IMPORT_URL) in html
    assert url("admin:projects_project_export", "xlsx") in html


def test_import_page_links_to_the_format_and_the_templates(moderator):
    html = moderator.get(url(IMPORT_URL)).content.decode()
    assert url("admin:projects_project_import_format") in html
    assert url("admin:projects_project_import_template", "csv") in html
    template = moderator.get(url("admin:projects_project_import_template", "csv"))
    assert template["Content-Disposition"] == 'attachment; filename="modele-import-projets.csv"'
    header = next(csv.reader(io.StringIO(template.content.decode("utf-8-sig")), delimiter=";"))
    assert header == all_columns()
    format_page = moderator.get(url("admin:projects_project_import_format")).content.decode()
    for column in all_columns():
        assert f"<code>{column}</code>" in format_page


def test_preview_then_confirm_imports_the_previewed_rows(moderator):
    existing = Project.objects.published().order_by("slug").first()
    data = csv_bytes([HEADER, good_row("nouveau-projet"), good_row(existing.slug, nom="Nom révisé")])
    before = Project.objects.count()

    preview = upload(moderator, data)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "création" in html and "mise à jour" in html and "Confirmer" in html
    assert Project.objects.count() == before  # dry run
    assert Project.objects.get(pk=existing.pk).name == existing.name

    response = moderator.post(url(IMPORT_URL), {"token": token_of(preview)}, follow=True)
    assert response.redirect_chain[-1][0] == url("admin:projects_project_changelist")
    assert "Projets créés : 1 ; mis à jour : 1" in response.content.decode()
    assert Project.objects.count() == before + 1
    assert Project.objects.get(slug="nouveau-projet").status == PublicationStatus.DRAFT
    revised = Project.objects.get(pk=existing.pk)
    assert (revised.name, revised.status) == ("Nom révisé", PublicationStatus.PUBLISHED)  # keeps its status
    assert ProjectImport.objects.get().applied_at is not None


def test_publish_option_publishes_the_imported_projects(moderator):
    preview = upload(moderator, csv_bytes([HEADER, good_row("publie-direct")]), publish=True)
    assert "seront publiés" in preview.content.decode()
    moderator.post(url(IMPORT_URL), {"token": token_of(preview)})
    project = Project.objects.published().get(slug="publie-direct")
    # The publication is logged like one made in the admin, with who made it.
    step = project.transitions.get()
    assert (step.action, step.from_status, step.to_status) == ("publish", "draft", "published")
    assert step.by.username == "moderatrice"
    assert project.history.first().history_user.username == "moderatrice"


def test_row_errors_are_listed_with_line_numbers_and_block_the_import(moderator):
    data = csv_bytes(
        [
            HEADER,
            good_row("bon-projet"),
            good_row("commune-fausse", commune_insee="00000"),
            good_row("trop-de-logements", logements_total="5"),
            good_row("bailleur-inconnu", acteurs="bailleur-imaginaire:developer"),
        ]
    )
    response = upload(moderator, data)
    html = response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert response.status_code == 200
    assert "Ligne 3, <code>commune_insee</code> : code INSEE de commune inconnu « 00000 »." in html
    assert "Ligne 4, <code>logements_total</code> : les statuts d'occupation totalisent 20 logements" in html
    assert "Ligne 5, <code>acteurs</code> : organisme inconnu « bailleur-imaginaire »." in html
    assert 'name="token"' not in html
    assert not Project.objects.filter(slug="bon-projet").exists()


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_bad_file_is_a_form_error_never_a_server_error(moderator, kind):
    make, words = BAD_FILES[kind]
    response = upload(moderator, make(), name="projets.xlsx")
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert "errorlist" in html
    assert words.replace("'", "'") in html
    assert not ProjectImport.objects.exists()


def test_an_image_named_csv_is_refused(moderator):
    response = upload(moderator, images.png(), name="projets.csv")
    assert "ni un CSV ni un classeur" in response.content.decode()


def test_a_file_over_the_limit_is_refused(moderator, settings):
    settings.IMPORT_MAX_BYTES = 2000
    response = upload(moderator, csv_bytes([HEADER] + [good_row(f"p-{i}") for i in range(20)]))
    assert "la limite est de" in response.content.decode()


def test_confirming_twice_imports_once(moderator):
    preview = upload(moderator, csv_bytes([HEADER, good_row("une-seule-fois")]))
    token = token_of(preview)
    moderator.post(url(IMPORT_URL), {"token": token})
    response = moderator.post(url(IMPORT_URL), {"token": token}, follow=True)
    assert "déjà été confirmé" in response.content.decode()
    assert Project.objects.filter(slug="une-seule-fois").count() == 1


def test_a_tampered_token_imports_nothing(moderator):
    preview = upload(moderator, csv_bytes([HEADER, good_row("falsifie")]))
    response = moderator.post(url(IMPORT_URL), {"token": token_of(preview)[:-2] + "xx"}, follow=True)
    assert "expiré ou n'est pas valide" in response.content.decode().replace("&#x27;", "'")
    assert not Project.objects.filter(slug="falsifie").exists()


def test_another_user_cannot_confirm_my_upload(moderator, client, django_user_model):
    preview = upload(moderator, csv_bytes([HEADER, good_row("pas-a-toi")]))
    token = token_of(preview)
    other = django_user_model.objects.create_superuser(username="autre", email="autre@example.org")
    client.force_login(other)
    response = client.post(url(IMPORT_URL), {"token": token}, follow=True)
    assert "n'existe plus" in response.content.decode().replace("&#x27;", "'")
    assert not Project.objects.filter(slug="pas-a-toi").exists()


def test_if_the_catalogue_changed_since_the_preview_the_new_preview_is_shown(moderator):
    preview = upload(moderator, csv_bytes([HEADER, good_row("course")]))
    Project.objects.create(name="Arrivé entre-temps", slug="course")
    response = moderator.post(url(IMPORT_URL), {"token": token_of(preview)})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Le catalogue a changé depuis l" in html
    assert "mise à jour" in html  # now an update of the project created meanwhile
    assert Project.objects.get(slug="course").name == "Arrivé entre-temps"
    confirmed = moderator.post(url(IMPORT_URL), {"token": token_of(response)})
    assert confirmed.status_code == 302
    assert Project.objects.get(slug="course").name == "Les Tilleuls (import)"


def test_export_action_exports_the_selected_projects(moderator):
    chosen = list(Project.objects.order_by("slug")[:2])
    response = moderator.post(
        url("admin:projects_project_changelist"),
        {"action": "export_selected_csv", "_selected_action": [p.pk for p in chosen]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row["slug"] for row in rows] == [p.slug for p in chosen]
    xlsx = moderator.post(
        url("admin:projects_project_changelist"),
        {"action": "export_selected_xlsx", "_selected_action": [chosen[0].pk]},
    )
    assert xlsx.content.startswith(b"PK")


def test_export_all_equals_the_service_export_and_imports_back_unchanged(moderator):
    response = moderator.get(url("admin:projects_project_export", "csv"))
    assert response.content == spreadsheet_csv(Project.objects.all())
    preview = upload(moderator, response.content)
    assert "Le fichier ne change rien au catalogue" in preview.content.decode()
    assert moderator.get(url("admin:projects_project_export", "pdf")).status_code == 404


def test_confirmation_imports_the_table_read_at_the_preview_without_reading_the_file_again(moderator):
    preview = upload(moderator, csv_bytes([HEADER, good_row("lu-une-fois")]))
    upload_row = ProjectImport.objects.get()
    assert upload_row.summary["table"]["rows"][0][1][0] == "lu-une-fois"
    ProjectImport.objects.update(content=b"")  # the file itself is not read again
    assert moderator.post(url(IMPORT_URL), {"token": token_of(preview)}).status_code == 302
    assert Project.objects.filter(slug="lu-une-fois").exists()
    assert ProjectImport.objects.get().summary == {"create": 1, "update": 0, "unchanged": 0, "error": 0}


def test_absurd_numbers_and_control_characters_are_listed_on_the_preview(moderator):
    data = csv_bytes(
        [[*HEADER, "notes"], [*good_row("enorme", logements_total="999999999999"), ""], [*good_row("nul"), "a\x01b"]]
    )
    response = upload(moderator, data)
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert "Ligne 2, <code>logements_total</code> : 999999999999 dépasse le maximum réaliste de 10000." in html
    assert "Ligne 3, <code>notes</code> : caractère de contrôle interdit (U+0001)" in html
    assert 'name="token"' not in html
