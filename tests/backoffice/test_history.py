"""Every change to a project and its lines is kept, with author, time and a diff."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from projects.models import Project, TenureLine, TenureStatus

from .helpers import form_data

pytestmark = pytest.mark.django_db


def change_url(project):
    return reverse("admin:projects_project_change", args=[project.pk])


def history_url(project):
    return reverse("admin:projects_project_history", args=[project.pk])


@pytest.fixture
def project_with_lines(project_a):
    TenureLine.objects.create(project=project_a, status=TenureStatus.objects.get(code="psla"), homes=6)
    return project_a


def test_admin_edits_are_recorded_with_their_author_and_shown_as_a_diff(client_for, users, project_with_lines):
    project = project_with_lines
    editor = client_for("editor_a")
    data = form_data(editor.get(change_url(project)), "project_form", {"summary": "Douze logements en accession"})
    data["tenure_lines-0-homes"] = ["8"]
    assert editor.post(change_url(project), data).status_code == 302

    latest = project.history.first()
    assert latest.history_user == users["editor_a"] and latest.summary == "Douze logements en accession"
    line = project.tenure_lines.get()
    assert line.history.first().history_user == users["editor_a"] and line.history.first().homes == 8

    page = client_for("moderator").get(history_url(project))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Résumé en une phrase" in body and "Douze logements en accession" in body
    assert "<del>6</del> → <ins>8</ins>" in body  # the tenure line's homes
    assert "editeur-a" in body
    entry = next(e for e in page.context["entries"] if e.model_name == "Ligne de statut d'occupation" and e.changes)
    assert entry.user == users["editor_a"] and "PSLA" in entry.label


def test_foreign_keys_and_choices_are_shown_in_words(client_for, project_a):
    from organisms.models import Organism

    editor = client_for("editor_a")
    data = form_data(editor.get(change_url(project_a)), "project_form", {"phase": "works"})
    data["actors-0-role"] = ["amo"]
    assert editor.post(change_url(project_a), data).status_code == 302
    city = Organism.objects.get(slug="ville-de-bayonne")
    data = form_data(editor.get(change_url(project_a)), "project_form")
    data["actors-0-organism"] = [str(city.pk)]
    data.update(
        {
            "actors-TOTAL_FORMS": ["2"],
            "actors-1-organism": [str(project_a.actors.get().organism_id)],
            "actors-1-role": ["developer"],
        }
    )
    assert editor.post(change_url(project_a), data).status_code == 302
    body = editor.get(history_url(project_a)).content.decode()
    assert "<ins>Chantier</ins>" in body  # Phase label, not "works"
    assert "<del>Maître d&#x27;ouvrage</del> → <ins>Assistance à maîtrise d&#x27;ouvrage / d&#x27;usage</ins>" in body
    assert "<del>Le COL</del> → <ins>Ville de Bayonne</ins>" in body


def test_intervention_modes_changes_are_in_the_history(client_for, project_a):
    from projects.models import InterventionMode

    mode = InterventionMode.objects.order_by("position").first()
    editor = client_for("editor_a")
    data = form_data(editor.get(change_url(project_a)), "project_form", {"intervention_modes": [str(mode.pk)]})
    assert editor.post(change_url(project_a), data).status_code == 302
    body = editor.get(history_url(project_a)).content.decode()
    assert "Modes d&#x27;intervention" in body and mode.name.replace("'", "&#x27;") in body


def test_lowering_total_and_lines_together_records_the_real_total(client_for, project_with_lines):
    project = project_with_lines
    editor = client_for("editor_a")
    data = form_data(editor.get(change_url(project)), "project_form", {"total_homes": "6"})
    assert editor.post(change_url(project), data).status_code == 302
    # No intermediate version with an empty total (the admin writes it last).
    assert list(project.history.values_list("total_homes", flat=True))[:2] == [6, 10]
    assert None not in project.history.values_list("total_homes", flat=True)


def test_workflow_steps_appear_in_the_history_with_their_reason(client_for, project_a):
    client_for("editor_a").post(reverse("admin:projects_project_transition", args=[project_a.pk, "submit"]))
    client_for("moderator").post(
        reverse("admin:projects_project_transition", args=[project_a.pk, "reject"]), {"reason": "Sources manquantes"}
    )
    body = client_for("editor_a").get(history_url(project_a)).content.decode()
    assert "<del>Soumis pour relecture</del> → <ins>Brouillon</ins>" in body
    assert "Sources manquantes" in body and "moderatrice" in body


def test_history_pages_of_sources_and_organisms_show_changes_and_refuse_reverts(client_for, organism_a):
    superuser = client_for("superuser")
    url = reverse("admin:organisms_organism_change", args=[organism_a.pk])
    data = form_data(superuser.get(url), "organism_form", {"website": "https://www.le-col.example/"})
    assert superuser.post(url, data).status_code == 302
    page = superuser.get(reverse("admin:organisms_organism_history", args=[organism_a.pk])).content.decode()
    assert "https://www.le-col.example/" in page and "super" in page
    record = organism_a.history.first()
    version = reverse("admin:organisms_organism_simple_history", args=[organism_a.pk, record.history_id])
    assert superuser.get(version).status_code == 200
    assert superuser.post(version, data).status_code == 405


def test_public_page_shows_the_date_of_the_latest_change(client, organism_a):
    from projects.history import CHILDREN

    project = Project.objects.published().filter(actors__organism=organism_a).first()
    long_ago = timezone.now() - timedelta(days=800)
    Project.objects.filter(pk=project.pk).update(updated_at=long_ago)
    Project.history.filter(id=project.pk).update(history_date=long_ago)
    for model in CHILDREN:
        model.history.filter(project_id=project.pk).update(history_date=long_ago)
    old = client.get(project.get_absolute_url()).content.decode()
    # The page shows the local (Europe/Paris) date, which can differ from the UTC one.
    assert f'<time datetime="{timezone.localtime(long_ago):%Y-%m-%d}">' in old

    # A change to one of its lines only (the project row itself is untouched).
    line = project.tenure_lines.first()
    line.label_as_written = "PSLA (location-accession)"
    line.save()
    fresh = client.get(project.get_absolute_url()).content.decode()
    assert f'<time datetime="{timezone.localdate():%Y-%m-%d}">' in fresh


def test_reloading_the_catalogue_records_nothing_new(db):
    before = Project.history.count() + TenureLine.history.count()
    call_command("load_catalogue", verbosity=0)
    assert Project.history.count() + TenureLine.history.count() == before


def test_history_in_english_shows_workflow_steps_and_punctuation_in_english(client_for, project_a):
    client_for("editor_a").post(reverse("admin:projects_project_transition", args=[project_a.pk, "submit"]))
    client_for("moderator").post(
        reverse("admin:projects_project_transition", args=[project_a.pk, "reject"]), {"reason": "Sources manquantes"}
    )
    client_for("moderator").post(reverse("admin:projects_project_verify", args=[project_a.pk]))
    editor = client_for("editor_a")
    editor.cookies["django_language"] = "en"
    body = editor.get(history_url(project_a)).content.decode()
    assert "Rejection (back to draft)" in body and "Information checked" in body
    assert "<strong>Publication status</strong>:" in body or "</strong>: <del>" in body
    for french in ("Informations vérifiées", "Refuser et renvoyer", "Refus (retour", "Projet :", "</strong> :"):
        assert french not in body
    # The free-text reason is in the publication log, whatever its length.
    assert ": Sources manquantes" in body
