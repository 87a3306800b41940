"""Invitation links by e-mail: `create_editor` / `create_moderator` and the users' admin action queue
the one-time link in the account's language (text + HTML), the command still prints it."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from outbox.models import OutgoingMessage
from tests.factories import EditorFactory, OrganismFactory, SuperuserFactory
from tests.smtp import bodies

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https://catalogue\.example\.org/admin/invitation/[\w-]+/[\w-]+/")


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_editor_mails_the_printed_one_time_link_in_french_by_default(smtp_server):
    organism = OrganismFactory(name="Habitat Test des Landes")
    printed = run("create_editor", "lea", "--organism", organism.slug, "--email", "lea@example.org")
    link = LINK.search(printed).group(0)
    assert "also e-mailed to lea@example.org" in printed

    call_command("send_queued_mail")
    (received,) = smtp_server.messages
    assert received["To"] == "lea@example.org"
    assert received["Subject"].strip().startswith("Votre accès à l'espace éditeurs")
    text, html = bodies(received)
    assert link in text and f'href="{link}"' in html
    assert "éditeur de Habitat Test des Landes" in text
    assert "valable 3 jours et une seule fois" in text


def test_create_moderator_in_english_writes_the_invitation_in_english(smtp_server):
    printed = run("create_moderator", "sam", "--email", "sam@example.org", "--language", "en")
    assert User.objects.get(username="sam").language == "en"
    call_command("send_queued_mail")
    (received,) = smtp_server.messages
    assert received["Subject"].strip().startswith("Your access to the editors' area")
    text, html = bodies(received)
    assert LINK.search(printed).group(0) in text
    assert "moderator" in text and '<html lang="en">' in html


def test_an_account_without_address_gets_the_link_printed_only():
    organism = OrganismFactory()
    printed = run("create_editor", "noemail", "--organism", organism.slug)
    assert LINK.pattern and "/admin/invitation/" in printed
    assert "not e-mailed" in printed
    assert not OutgoingMessage.objects.exists()


def test_the_opened_link_lets_the_new_editor_choose_a_password(smtp_server):
    organism = OrganismFactory()
    run("create_editor", "ines", "--organism", organism.slug, "--email", "ines@example.org")
    call_command("send_queued_mail")
    link = LINK.search(bodies(smtp_server.messages[0])[0]).group(0)
    client = Client()
    form_page = client.get(link.removeprefix("https://catalogue.example.org"), follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "un-mot-de-passe-solide-42", "new_password2": "un-mot-de-passe-solide-42"},
    )
    assert response.status_code == 302
    assert User.objects.get(username="ines").check_password("un-mot-de-passe-solide-42")


def test_a_superuser_sends_invitation_links_from_the_users_list(smtp_server):
    admin = SuperuserFactory()
    invited = EditorFactory(organisms=[OrganismFactory()], email="nouvelle@example.org", language="en")
    without = EditorFactory(organisms=[OrganismFactory()], email="")
    client = Client()
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "send_invitation_links", "_selected_action": [invited.pk, without.pk]},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert any(invited.username in m and "envoyé" in m for m in shown)
    assert any(without.username in m and "Aucun lien" in m for m in shown)
    call_command("send_queued_mail")
    assert smtp_server.to() == ["nouvelle@example.org"]
    assert "Your access" in smtp_server.messages[0]["Subject"]


def test_the_invitation_link_is_never_logged(smtp_server, caplog):
    organism = OrganismFactory()
    printed = run("create_editor", "zoe", "--organism", organism.slug, "--email", "zoe@example.org")
    call_command("send_queued_mail")
    assert LINK.search(printed).group(0) not in caplog.text
