"""The admin's queue of error reports and inbox of contact messages: moderators see everything,
an editor only what concerns their organisms' projects; handling a report replies by e-mail
(real SMTP server) to whoever left an address; nothing personal is kept past its retention."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from feedback.models import ContactMessage, ErrorReport, ReportStatus
from outbox.models import OutgoingMessage
from tests.feedback.conftest import REPORT, post_contact, post_report
from tests.smtp import bodies

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(client, team):
    """A report and a message about each organism's project, and one message to the site."""
    post_report(client, team["project_a"], address="192.0.2.1", email="lecteur@example.net")
    post_report(client, team["project_b"], address="192.0.2.2", description="Rapport sur le projet B, date fausse.")
    post_contact(client, team["project_a"], address="192.0.2.3", name="Pour A")
    post_contact(client, team["project_b"], address="192.0.2.4", name="Pour B")
    post_contact(client, None, address="192.0.2.5", name="Pour le site")
    OutgoingMessage.objects.all().delete()
    client.logout()
    return {
        "report_a": ErrorReport.objects.get(project=team["project_a"]),
        "report_b": ErrorReport.objects.get(project=team["project_b"]),
        "message_b": ContactMessage.objects.get(name="Pour B"),
        "message_site": ContactMessage.objects.get(name="Pour le site"),
    }


def as_user(client, user):
    client.force_login(user)
    return client


def test_an_editor_sees_only_the_reports_and_messages_about_their_organisms_projects(client, team, inbox):
    as_user(client, team["editor_a"])
    reports = client.get(reverse("admin:feedback_errorreport_changelist")).content.decode()
    messages = client.get(reverse("admin:feedback_contactmessage_changelist")).content.decode()
    assert "L&#x27;Îlot &amp; les Voisins" in reports and "Les Jardins B" not in reports
    assert "Pour A" in messages and "Pour B" not in messages and "Pour le site" not in messages


def test_the_editor_of_b_can_never_open_what_concerns_a(client, team, inbox):
    as_user(client, team["editor_b"])
    report_a = reverse("admin:feedback_errorreport_change", args=[inbox["report_a"].pk])
    response = client.get(report_a, follow=True)
    assert REPORT not in response.content.decode()
    response = client.post(report_a, {"status": ReportStatus.HANDLED, "reply": "x"})
    inbox["report_a"].refresh_from_db()
    assert inbox["report_a"].status == ReportStatus.NEW
    site_message = reverse("admin:feedback_contactmessage_change", args=[inbox["message_site"].pk])
    assert "Pour le site" not in client.get(site_message, follow=True).content.decode()


def test_moderators_see_every_report_and_message_including_the_sites(client, team, inbox):
    as_user(client, team["moderator"])
    reports = client.get(reverse("admin:feedback_errorreport_changelist")).content.decode()
    messages = client.get(reverse("admin:feedback_contactmessage_changelist")).content.decode()
    assert "Les Jardins B" in reports and "L&#x27;Îlot" in reports
    assert all(name in messages for name in ("Pour A", "Pour B", "Pour le site"))


def test_nobody_creates_reports_in_the_admin(client, team, inbox):
    as_user(client, team["moderator"])
    assert client.get(reverse("admin:feedback_errorreport_add")).status_code == 403


def test_a_moderator_handling_a_report_replies_to_the_address_left(client, smtp_server, team, inbox):
    as_user(client, team["moderator"])
    url = reverse("admin:feedback_errorreport_change", args=[inbox["report_a"].pk])
    response = client.post(url, {"status": ReportStatus.HANDLED, "reply": "Corrigé : 14 logements. Merci !"})

    assert response.status_code == 302
    report = ErrorReport.objects.get(pk=inbox["report_a"].pk)
    assert report.status == ReportStatus.HANDLED and report.closed_by == team["moderator"] and report.replied_at
    call_command("send_queued_mail")
    (reply,) = smtp_server.messages
    assert reply["To"] == "lecteur@example.net"
    text, html = bodies(reply)
    assert "Corrigé : 14 logements. Merci !" in text and REPORT in text and "Corrigé" in html
    client.post(url, {"status": ReportStatus.HANDLED, "reply": "Encore"})  # saved again: no second reply
    call_command("send_queued_mail")
    assert len(smtp_server.messages) == 1


def test_a_rejected_report_or_one_without_address_sends_nothing(client, smtp_server, team, inbox):
    as_user(client, team["editor_b"])
    url = reverse("admin:feedback_errorreport_change", args=[inbox["report_b"].pk])
    assert client.post(url, {"status": ReportStatus.HANDLED, "reply": "Vu"}).status_code == 302
    as_user(client, team["editor_a"])
    url = reverse("admin:feedback_errorreport_change", args=[inbox["report_a"].pk])
    assert client.post(url, {"status": ReportStatus.REJECTED, "reply": "La source dit 10."}).status_code == 302
    assert not OutgoingMessage.objects.exists()
    assert ErrorReport.objects.get(pk=inbox["report_a"].pk).status == ReportStatus.REJECTED


def test_the_bulk_action_marks_reports_handled_and_replies(client, smtp_server, team, inbox):
    as_user(client, team["moderator"])
    response = client.post(
        reverse("admin:feedback_errorreport_changelist"),
        {"action": "mark_handled", "_selected_action": [inbox["report_a"].pk, inbox["report_b"].pk]},
    )
    assert response.status_code == 302
    assert set(ErrorReport.objects.values_list("status", flat=True)) == {ReportStatus.HANDLED}
    assert list(OutgoingMessage.objects.values_list("to", flat=True)) == ["lecteur@example.net"]


def test_the_purge_deletes_personal_data_past_retention_and_keeps_the_rest(team, inbox, settings):
    settings.CONTACT_RETENTION_DAYS, settings.REPORT_RETENTION_DAYS = 30, 90
    now = timezone.now()
    ContactMessage.objects.filter(pk=inbox["message_b"].pk).update(created_at=now - timedelta(days=31))
    ErrorReport.objects.filter(pk=inbox["report_a"].pk).update(created_at=now - timedelta(days=91))
    ErrorReport.objects.filter(pk=inbox["report_b"].pk).update(created_at=now - timedelta(days=60))

    from io import StringIO

    out = StringIO()
    call_command("purge_personal_data", stdout=out)

    assert "1 message(s) de contact et 1 signalement(s)" in out.getvalue()
    assert "@" not in out.getvalue()
    assert not ContactMessage.objects.filter(pk=inbox["message_b"].pk).exists()
    assert ContactMessage.objects.count() == 2
    assert list(ErrorReport.objects.values_list("pk", flat=True)) == [inbox["report_b"].pk]


def test_the_database_refuses_oversized_text_and_a_message_without_consent(team):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ErrorReport.objects.create(project=team["project_a"], description="x" * 2001)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactMessage.objects.create(project=None, name="A", email="a@example.org", message="Bonjour", consent=False)
