"""Subscribing through the pages and reading the mails the real SMTP server received."""

import io
import re

from django.core.management import call_command

from tests.smtp import bodies

LINK = re.compile(r"https?://\S+/alertes/(?:confirmer|desabonner)/[^/\s]+/")


def subscribe(client, email="habitante@example.org", criteria="departement=33", frequency="weekly", **extra):
    return client.post("/alertes/", {"email": email, "frequency": frequency, "criteres": criteria, **extra})


def deliver():
    call_command("send_queued_mail", stdout=io.StringIO())


def link_in(message):
    text, html = bodies(message)
    found = LINK.search(text)
    assert found, text
    assert found.group(0) in html
    return found.group(0)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)
