"""The shared protections of the public forms: CSRF, honeypot, rate limits in the cache, sizes,
plain text, header injection, malformed addresses, repeated submissions — 4xx, never 500."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from feedback.models import MAX_MESSAGE, MAX_REPORT, ContactMessage, ErrorReport
from outbox.models import OutgoingMessage
from tests.feedback.conftest import MESSAGE, contact_data, post_contact, post_report

pytestmark = pytest.mark.django_db


def test_the_forms_refuse_a_post_without_csrf_token(team):
    client = Client(enforce_csrf_checks=True)
    url = reverse("projects:contact", args=[team["project_a"].slug])
    assert client.post(url, contact_data()).status_code == 403
    assert client.post(reverse("contact"), contact_data()).status_code == 403
    assert not ContactMessage.objects.exists()


def test_a_form_page_carries_the_visitors_token_and_is_never_cached(team):
    client = Client(enforce_csrf_checks=True)
    url = reverse("projects:contact", args=[team["project_a"].slug])
    page = client.get(url)
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    token = page.context["csrf_token"]
    assert client.post(url, contact_data(csrfmiddlewaretoken=str(token))).status_code == 302
    assert ContactMessage.objects.count() == 1


def test_the_project_page_stays_cacheable_and_links_to_both_forms(client, team):
    project = team["project_a"]
    page = client.get(project.get_absolute_url())
    html = page.content.decode()
    assert reverse("projects:contact", args=[project.slug]) in html
    assert reverse("projects:report_error", args=[project.slug]) in html
    assert "csrfmiddlewaretoken" not in html and "private" not in page.get("Cache-Control", "")


def test_a_filled_honeypot_looks_like_success_but_stores_and_sends_nothing(client, team):
    response = post_contact(client, team["project_a"], adresse_web="http://spam.example")
    assert response.status_code == 302
    response = post_report(client, team["project_a"], adresse_web="http://spam.example")
    assert response.status_code == 302
    assert not ContactMessage.objects.exists() and not ErrorReport.objects.exists()
    assert not OutgoingMessage.objects.exists()


def test_one_address_may_send_only_a_few_messages_per_hour(client, team, settings, cache_backend):
    settings.PUBLIC_FORM_LIMIT_PER_ADDRESS = 2
    for number in range(2):
        assert post_contact(client, team["project_a"], email=f"p{number}@example.net").status_code == 302
    refused = post_contact(client, team["project_b"], email="p9@example.net")
    assert refused.status_code == 429
    assert "Trop d&#x27;envois" in refused.content.decode()
    assert MESSAGE in refused.content.decode()  # what was typed is not lost
    assert post_contact(client, team["project_b"], address="198.51.100.4", email="p9@example.net").status_code == 302
    assert ContactMessage.objects.count() == 3


def test_one_project_receives_only_a_few_messages_per_hour_whoever_writes(client, team, settings, cache_backend):
    settings.PUBLIC_FORM_LIMIT_PER_TARGET = 2
    for number in range(2):
        post_contact(client, team["project_a"], address=f"192.0.2.{number}", email=f"p{number}@example.net")
    assert post_contact(client, team["project_a"], address="192.0.2.99", email="p9@example.net").status_code == 429
    assert post_contact(client, team["project_b"], address="192.0.2.99", email="p9@example.net").status_code == 302
    assert ContactMessage.objects.filter(project=team["project_a"]).count() == 2


def test_one_email_address_cannot_be_made_to_receive_copies_again_and_again(client, team, settings, cache_backend):
    settings.PUBLIC_FORM_LIMIT_PER_EMAIL = 2
    for number in range(2):
        post_contact(client, team["project_a"], address=f"192.0.2.{number}", message=f"{MESSAGE} ({number})")
    refused = post_contact(client, team["project_b"], address="192.0.2.50", message=f"{MESSAGE} (x)")
    assert refused.status_code == 429
    assert OutgoingMessage.objects.filter(to="camille@example.net").count() == 2


def test_the_cache_keys_of_the_limits_hold_no_address(client, team, cache_backend, settings):
    from django.core.cache import cache

    from tests.conftest import redis_client

    post_contact(client, team["project_a"], address="203.0.113.77")
    if cache_backend == "locmem":
        keys = list(cache._cache.keys())
    else:
        prefix = settings.CACHES["default"]["KEY_PREFIX"]
        keys = [key.decode() for key in redis_client().scan_iter(match=f"{prefix}:*")]
    assert keys and not any("203.0.113.77" in key or "camille" in key for key in keys)


def test_the_same_message_sent_twice_is_stored_and_mailed_once(client, team):
    assert post_contact(client, team["project_a"]).status_code == 302
    assert post_contact(client, team["project_a"]).status_code == 302
    assert post_report(client, team["project_a"]).status_code == 302
    assert post_report(client, team["project_a"]).status_code == 302
    assert ContactMessage.objects.count() == 1 and ErrorReport.objects.count() == 1
    assert OutgoingMessage.objects.count() == 3  # contact, editor, copy: once


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("message", "x" * (MAX_MESSAGE + 1), "Au plus 3000 caractères"),
        ("message", "court", "Au moins 10 caractères"),
        ("message", "Voici <script>alert(1)</script> mon message", "sans balises HTML"),
        ("message", "Un lien <a href='http://spam'>ici</a> et voilà", "sans balises HTML"),
        ("message", "Caractère invisible \x07 dans le message", "caractère de contrôle"),
        ("name", "Camille\r\nBcc: victime@example.com", "une seule ligne"),
        ("name", "Camille\nSubject: spam", "une seule ligne"),
        ("name", "x" * 101, "Au plus 100 caractères"),
        ("email", "pas-une-adresse", "adresse électronique valide"),
        ("email", "camille@example.net\r\nBcc: victime@example.com", "adresse électronique valide"),
        ("email", "a@b@example.net", "adresse électronique valide"),
        ("email", "", "obligatoire"),
        ("consent", "", "Cochez cette case"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_sent(client, team, field, value, error):
    response = post_contact(client, team["project_a"], **{field: value})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not ContactMessage.objects.exists() and not OutgoingMessage.objects.exists()


def test_an_ordinary_less_than_sign_is_plain_text(client, team):
    assert post_contact(client, team["project_a"], message="Budget < 200 000 € ; 3 <4 pièces").status_code == 302


def test_an_error_report_is_bounded_and_its_email_is_optional_but_valid(client, team):
    assert post_report(client, team["project_a"], description="y" * (MAX_REPORT + 1)).status_code == 400
    assert post_report(client, team["project_a"], email="non valide").status_code == 400
    assert post_report(client, team["project_a"], description="").status_code == 400
    assert not ErrorReport.objects.exists()
    assert post_report(client, team["project_a"]).status_code == 302
    assert ErrorReport.objects.get().email == ""


def test_junk_posts_get_4xx_never_500(client, team):
    url = reverse("projects:contact", args=[team["project_a"].slug])
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {"message": ["a", "b"], "consent": "peut-être"}).status_code == 400
    assert client.post(url, b"\x00\xff\xfe", content_type="application/octet-stream").status_code == 400
    assert client.post(url, {"message": "x" * 3_000_000}).status_code == 400  # beyond DATA_UPLOAD_MAX_MEMORY_SIZE
    assert client.put(url, {}).status_code == 405
    assert client.post(reverse("projects:contact", args=["n-existe-pas"]), contact_data()).status_code == 404


def test_errors_are_in_english_on_the_english_site(client, team):
    with translation.override("en"):  # the English address of the form: /en/projets/<slug>/contacter/
        response = post_contact(client, team["project_a"], email="nope")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a valid e-mail address" in html and "Send the message" in html


def test_the_forms_state_purpose_and_retention_from_the_settings(client, team, settings):
    settings.CONTACT_RETENTION_DAYS, settings.REPORT_RETENTION_DAYS = 42, 77
    contact = client.get(reverse("projects:contact", args=[team["project_a"].slug])).content.decode()
    report = client.get(reverse("projects:report_error", args=[team["project_a"].slug])).content.decode()
    assert "Finalité" in contact and "42 jours" in contact and reverse("personal_data") in contact
    assert "77 jours" in report and "ne sert qu'à vous répondre" in report


def test_nothing_personal_reaches_the_logs(client, team, settings, caplog):
    import logging

    settings.PUBLIC_FORM_LIMIT_PER_ADDRESS = 2
    with caplog.at_level(logging.DEBUG):
        post_contact(client, team["project_a"])  # accepted
        post_contact(client, team["project_a"], email="camille@@example.net")  # 400
        post_contact(client, team["project_b"], name="Camille Autre", message=f"{MESSAGE} bis")  # accepted
        post_contact(client, team["project_b"], name="Camille Encore", message=f"{MESSAGE} ter")  # 429
        post_report(client, team["project_a"], email="lecteur@example.net")
    logged = "\n".join(record.getMessage() for record in caplog.records).lower()
    assert any(record.levelno >= logging.WARNING for record in caplog.records)  # the 400 and 429 were logged
    for personal in ("camille", "example.net", "203.0.113.7", "rejoindre le groupe", "14 logements"):
        assert personal not in logged
