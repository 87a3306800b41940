"""Reply-To and extra headers (List-Unsubscribe…) travel with a queued message to the SMTP server;
a line break in any of them (header injection) is refused before anything is stored."""

import pytest
from django.core.management import call_command

from outbox.mail import queue_mail
from outbox.models import OutgoingMessage

pytestmark = pytest.mark.django_db


def test_reply_to_and_extra_headers_reach_the_smtp_server(smtp_server):
    queue_mail(
        "groupe@example.org",
        "Message d'un visiteur",
        "Bonjour",
        reply_to="visiteur@example.org",
        headers={"List-Unsubscribe": "<https://catalogue.example.org/alertes/desabonner/abc/>"},
    )
    call_command("send_queued_mail")

    [received] = smtp_server.messages
    assert received["Reply-To"] == "visiteur@example.org"
    assert received["List-Unsubscribe"] == "<https://catalogue.example.org/alertes/desabonner/abc/>"


@pytest.mark.parametrize(
    "reply_to, headers",
    [
        ("visiteur@example.org\r\nBcc: victime@example.org", {}),
        ("", {"List-Unsubscribe": "<x>\nBcc: victime@example.org"}),
        ("", {"Bcc: victime@example.org\nX": "1"}),
        ("", {"X Header": "1"}),
    ],
)
def test_a_line_break_or_a_malformed_header_name_is_refused_and_nothing_is_queued(reply_to, headers):
    with pytest.raises(ValueError, match="invalid e-mail header"):
        queue_mail("groupe@example.org", "Objet", "Texte", reply_to=reply_to, headers=headers)
    assert not OutgoingMessage.objects.exists()
