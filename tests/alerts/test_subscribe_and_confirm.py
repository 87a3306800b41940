"""Double opt-in through a real SMTP server: the request, the mail, the link, replays and bad input."""

import time

import pytest
from django.core import signing
from django.core.management import CommandError
from django.test import Client

from alerts.models import Subscription
from outbox.models import OutgoingMessage
from tests.alerts.helpers import deliver, link_in, path_of, subscribe
from tests.smtp import bodies

pytestmark = pytest.mark.django_db


def test_the_form_states_the_criteria_in_words_and_why_the_address_is_kept(client, catalogue):
    html = client.get("/alertes/?departement=33&ouverture=seeking_members&tri=nom").content.decode()
    assert "Département : Gironde" in html and "Recrutement des habitants" in html
    assert 'name="criteres" value="departement=33&amp;ouverture=seeking_members"' in html  # no sort kept
    assert "rien d&#x27;autre" in html or "rien d'autre" in html


def test_subscribing_sends_a_confirmation_link_that_confirms_once(client, catalogue, smtp_server):
    response = subscribe(client)
    assert response.status_code == 302 and response["Location"] == "/alertes/demande-envoyee/"
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None and subscription.criteria == "departement=33"
    deliver()
    [mail] = smtp_server.messages
    assert mail["To"] == "habitante@example.org"
    assert "Confirmez votre alerte" in mail["Subject"]
    text, _html = bodies(mail)
    assert "Département : Gironde" in text
    url = link_in(mail)
    assert url.startswith("https://catalogue.example.org/alertes/confirmer/")

    page = client.get(path_of(url))  # a link scanner opening the link confirms nothing
    assert page.status_code == 200 and "Confirmer mon alerte" in page.content.decode()
    assert Subscription.objects.get().confirmed_at is None
    confirmed = client.post(path_of(url))
    assert "C&#x27;est fait" in confirmed.content.decode() or "C'est fait" in confirmed.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None and subscription.last_digest_at == subscription.confirmed_at

    replay = client.post(path_of(url))
    assert replay.status_code == 200 and "déjà confirmée" in replay.content.decode()
    assert Subscription.objects.get().confirmed_at == subscription.confirmed_at


def test_a_tampered_confirmation_link_is_refused_clearly(client, catalogue, smtp_server):
    subscribe(client)
    deliver()
    path = path_of(link_in(smtp_server.messages[0]))
    tampered = path[:-6] + ("A" if path[-6] != "A" else "B") + path[-5:]
    for method in (client.get, client.post):
        response = method(tampered)
        assert response.status_code == 400
        assert "n'est pas valide" in response.content.decode().replace("&#x27;", "'")
    assert Subscription.objects.get().confirmed_at is None


def test_an_expired_confirmation_link_says_so(client, catalogue, smtp_server, monkeypatch, settings):
    settings.ALERTS_CONFIRMATION_DAYS = 3
    subscribe(client)
    deliver()
    path = path_of(link_in(smtp_server.messages[0]))
    later = time.time() + 4 * 86400
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.post(path)
    assert response.status_code == 400 and "a expiré" in response.content.decode()
    assert Subscription.objects.get().confirmed_at is None


def test_a_confirmation_link_of_a_purged_subscription_says_it_no_longer_exists(client, catalogue, smtp_server):
    subscribe(client)
    deliver()
    path = path_of(link_in(smtp_server.messages[0]))
    Subscription.objects.all().delete()
    response = client.post(path)
    assert response.status_code == 404 and "n'existe plus" in response.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize(
    "email",
    ["pas-une-adresse", "a@b", "habitante@example.org\r\nBcc: victime@example.org", "a@example.org, b@example.org", ""],
)
def test_malformed_addresses_and_header_injection_are_form_errors(client, catalogue, smtp_server, email):
    response = subscribe(client, email=email)
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Subscription.objects.exists() and not OutgoingMessage.objects.exists()


def test_invalid_criteria_are_refused_not_a_500(client, catalogue):
    response = subscribe(client, criteria="departement=999&ouverture=n-importe")
    assert response.status_code == 400
    assert not Subscription.objects.exists()
    assert client.get("/alertes/?departement=999&commune=xx&rayon=abc").status_code == 200


def test_repeated_requests_do_not_mail_an_address_again_and_again(client, catalogue, smtp_server, settings):
    settings.ALERTS_MAX_PENDING_PER_ADDRESS = 3
    for _ in range(3):
        assert subscribe(client).status_code == 302  # the same request: one mail
    assert subscribe(client, criteria="departement=64").status_code == 302
    assert subscribe(client, criteria="departement=81").status_code == 302
    refused = subscribe(client, criteria="departement=75")
    assert refused.status_code == 400 and "attendent déjà une confirmation" in refused.content.decode()
    deliver()
    assert len(smtp_server.messages) == 3


def test_with_the_mail_server_down_the_request_succeeds_and_the_mail_waits(client, catalogue, smtp_down, smtp_server):
    assert subscribe(client).status_code == 302
    with pytest.raises(CommandError, match="kept for a later attempt"):
        deliver()
    assert smtp_server.messages == []
    assert OutgoingMessage.objects.get().sent_at is None
    smtp_down.up()
    OutgoingMessage.objects.update(next_attempt_at=OutgoingMessage.objects.get().created_at)
    deliver()
    assert len(smtp_server.messages) == 1


def test_the_form_and_links_work_with_csrf_checks_on(catalogue, smtp_server):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/alertes/?departement=33")
    token = page.cookies["csrftoken"].value
    assert subscribe(client, csrfmiddlewaretoken=token).status_code == 302
    assert Client(enforce_csrf_checks=True).post("/alertes/", {"email": "x@example.org"}).status_code == 403
