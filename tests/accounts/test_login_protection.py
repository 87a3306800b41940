"""Login lockout (django-axes), session cookies, and the admin over HTTPS only."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.roles import MODERATORS
from accounts.services import create_staff_user, set_random_password

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def editor():
    user, _ = create_staff_user("lea", role=MODERATORS)
    user.plain_password = set_random_password(user)
    return user


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def lock_out(client, username):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = attempt(client, username, "mauvais-mot-de-passe")
        assert response.status_code in (200, 429)
    return response


def test_repeated_failures_lock_the_account_with_a_clear_french_message(client, editor):
    assert attempt(client, "lea", "mauvais").status_code == 200  # the usual "wrong password" form
    response = lock_out(client, "lea")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Trop de tentatives de connexion échouées" in body and "Réessayez dans 30 minutes" in body
    # Even the right password is refused from this address while locked…
    assert attempt(client, "lea", editor.plain_password).status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302  # not logged in
    # …but not from another one: the pair (username, address) is locked, not the account.
    assert attempt(Client(REMOTE_ADDR="203.0.113.9"), "lea", editor.plain_password).status_code == 302


def test_other_accounts_are_not_locked(client, editor):
    lock_out(client, "quelqu-un-d-autre")
    assert attempt(client, "lea", editor.plain_password).status_code == 302


def test_a_command_unlocks(client, editor):
    lock_out(client, "lea")
    with open(os.devnull, "w") as devnull:
        call_command("axes_reset_username", "lea", stdout=devnull)
    assert attempt(client, "lea", editor.plain_password).status_code == 302


def test_a_moderator_unlocks_from_the_admin(client, editor):
    lock_out(client, "lea")
    moderator, _ = create_staff_user("modo", role=MODERATORS)
    admin = Client()
    admin.force_login(moderator)
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = admin.get(changelist, {"q": "lea"})
    assert page.status_code == 200
    attempts = list(AccessAttempt.objects.filter(username="lea").values_list("pk", flat=True))
    assert attempts
    response = admin.post(changelist, {"action": "delete_selected", "_selected_action": attempts, "post": "yes"})
    assert response.status_code == 302
    assert attempt(client, "lea", editor.plain_password).status_code == 302


def test_an_editor_cannot_see_login_attempts():
    from accounts.roles import EDITORS

    user, _ = create_staff_user("ed", role=EDITORS)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_session_and_csrf_cookies_are_http_only_and_same_site(client, editor):
    page = client.get(LOGIN)
    csrf = page.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"
    response = attempt(client, "lea", editor.plain_password)
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert session["max-age"] == ""  # ends with the browser
    assert settings.SESSION_COOKIE_AGE <= 4 * 3600 and settings.SESSION_SAVE_EVERY_REQUEST


@pytest.mark.parametrize("path", ["/admin/", LOGIN, "/admin/projects/project/"])
def test_admin_over_plain_http_is_redirected_to_https(client, settings, path):
    settings.ADMIN_HTTPS_ONLY = True
    response = client.get(path + "?next=/admin/")
    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{path}?next=/admin/"


def test_a_login_posted_over_plain_http_is_refused_unprocessed(client, settings, editor):
    settings.ADMIN_HTTPS_ONLY = True
    response = attempt(client, "lea", editor.plain_password)
    assert response.status_code == 403 and "HTTPS" in response.content.decode()
    assert not AccessAttempt.objects.exists()  # the password was not even checked
    secure = client.post(LOGIN, {"username": "lea", "password": editor.plain_password}, secure=True)
    assert secure.status_code == 302


def test_the_public_site_is_not_affected(client, settings):
    settings.ADMIN_HTTPS_ONLY = True
    assert client.get("/").status_code == 200


def _settings_in(env):
    code = "from django.conf import settings; print(settings.ADMIN_HTTPS_ONLY, settings.SESSION_COOKIE_SECURE)"
    base = {k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG", "ADMIN_HTTPS_ONLY", "SECURE_COOKIES"}}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'catalogue.settings'); "
            f"django.setup(); {code}",
        ],
        env={**base, "SECRET_KEY": "x", **env},
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_production_settings_require_https_for_the_admin_and_make_run_does_not():
    assert _settings_in({"DJANGO_DEBUG": "false"}) == ["True", "True"]
    make_run = {
        "DJANGO_DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "ADMIN_HTTPS_ONLY": "false",
    }
    assert _settings_in(make_run) == ["False", "False"]
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "ADMIN_HTTPS_ONLY=false" in makefile
