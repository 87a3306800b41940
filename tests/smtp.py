"""A real SMTP server on loopback (aiosmtpd), started by the tests, and settings that send to it."""

import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from tests.aiosmtpd_import import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Inbox:
    """What the SMTP server received: one parsed message per delivery, with its envelope."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelope_to: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.envelope_to.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def to(self) -> list[str]:
        return sorted(address for rcpt in self.envelope_to for address in rcpt)


@pytest.fixture
def smtp_server(settings):
    """Starts an SMTP server on 127.0.0.1 and points Django's e-mail settings at it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "catalogue@example.org"
    settings.SITE_URL = "https://catalogue.example.org"
    yield inbox
    controller.stop()


@pytest.fixture
def smtp_down(settings, smtp_server):
    """Points the e-mail settings at a closed port; ``up()`` points them back at the server."""

    class Switch:
        def up(self):
            settings.EMAIL_PORT = self.port

    switch = Switch()
    switch.port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there
    return switch


def bodies(message: EmailMessage) -> tuple[str, str]:
    """The plain-text and HTML parts of a received message."""
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    return (text.get_content() if text else "", html.get_content() if html else "")
