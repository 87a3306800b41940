"""Imports and publication are all-or-nothing, even when the database fails half-way.

The failure is real: a trigger, created for the test (and rolled back with it), makes the
database refuse one write in the middle of the operation, as a constraint, a full disk or a
lost connection would.
"""

import pytest
from django.db import DatabaseError, connection
from django.urls import reverse

from projects.models import Project, ProjectImport, ProjectTransition, PublicationStatus
from projects.workflow import version_of
from tests.projects.import_files import HEADER, csv_bytes, good_row

from .test_import_admin import IMPORT_URL, moderator, token_of, upload, url  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def refuse_inserts(table, when="1 = 1"):
    """Make the database refuse, from now on, any INSERT into ``table`` whose new row matches ``when``."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE TRIGGER test_refuse_{table} BEFORE INSERT ON {table} WHEN {when} "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
            )
        else:
            cursor.execute(
                f"CREATE FUNCTION test_refuse_{table}() RETURNS trigger AS $$ BEGIN "
                f"IF {when} THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql;"
            )
            cursor.execute(
                f"CREATE TRIGGER test_refuse_{table} BEFORE INSERT ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION test_refuse_{table}();"
            )


def history_rows():
    return Project.history.count()


def test_an_import_failing_on_row_30_of_40_writes_nothing_and_says_so(moderator):  # noqa: F811
    data = csv_bytes([HEADER] + [good_row(f"lot-{index:02d}") for index in range(1, 41)])
    preview = upload(moderator, data)
    assert preview.status_code == 200
    refuse_inserts("projects_project", "NEW.slug = 'lot-30'")
    projects, history = Project.objects.count(), history_rows()

    response = moderator.post(url(IMPORT_URL), {"token": token_of(preview)}, follow=True)

    assert response.status_code == 200
    assert "rien n'a été enregistré" in response.content.decode().replace("&#x27;", "'")
    assert Project.objects.count() == projects
    assert not Project.objects.filter(slug__startswith="lot-").exists()
    assert history_rows() == history
    assert ProjectImport.objects.get().applied_at is None  # it can be confirmed again once fixed


def test_a_publication_whose_log_cannot_be_written_leaves_the_project_unpublished(client_for, project_a):
    client = client_for("moderator")
    client.post(reverse("admin:projects_project_transition", args=[project_a.pk, "submit"]))
    project_a.refresh_from_db()
    assert project_a.status == PublicationStatus.SUBMITTED
    refuse_inserts("projects_projecttransition")
    history, transitions = history_rows(), ProjectTransition.objects.count()

    with pytest.raises(DatabaseError):
        client.post(
            reverse("admin:projects_project_transition", args=[project_a.pk, "publish"]),
            {"seen_version": version_of(project_a.updated_at)},  # the version the moderator had on screen
        )

    project_a.refresh_from_db()
    assert (project_a.status, project_a.published_at) == (PublicationStatus.SUBMITTED, None)
    assert history_rows() == history and ProjectTransition.objects.count() == transitions
    assert not Project.objects.published().filter(pk=project_a.pk).exists()
