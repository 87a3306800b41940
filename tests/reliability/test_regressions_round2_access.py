"""Regression corpus, round 2 (issue 12): logins, back-office scope and a database that cannot
be written. Each test failed before its fix."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import MODERATORS
from accounts.services import create_staff_user, set_random_password
from projects.models import Project, PublicationStatus

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Defect 4: nobody can lock an editor out from another address ---------------------------


def from_address(address):
    """A browser at ``address``, behind the site's proxy (which appends it to X-Forwarded-For)."""
    return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)


def login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


@pytest.fixture
def owner():
    user, _ = create_staff_user("lea", role=MODERATORS)
    user.plain_password = set_random_password(user)
    return user


def test_an_attacker_from_many_addresses_cannot_stop_the_owners_login_from_their_address(owner):
    home = from_address("198.51.100.7")
    assert login(home, "lea", owner.plain_password).status_code == 302  # the owner's usual address
    home.post(reverse("admin:logout"))

    attackers = [from_address(f"203.0.113.{n}") for n in range(1, 11)]
    for attacker in attackers:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(attacker, "lea", "devine")
    assert sum(AccessAttempt.objects.filter(username="lea").values_list("failures_since_start", flat=True)) >= 50

    # The right password from the owner's address goes through.
    home = from_address("198.51.100.7")
    assert login(home, "lea", owner.plain_password).status_code == 302
    assert home.get(reverse("admin:index")).status_code == 200
    # Each attacker's pair stays locked, even with the right password.
    locked = login(attackers[0], "lea", owner.plain_password)
    assert locked.status_code == 429
    assert "Trop de tentatives" in locked.content.decode()
    # A new address while the username is under attack: refused (the extra check), with a clear message.
    stranger = login(from_address("192.0.2.99"), "lea", owner.plain_password)
    assert stranger.status_code == 429
    assert "où vous vous êtes déjà connecté" in stranger.content.decode()


def test_a_few_failures_from_another_address_do_not_lock_the_owner(owner):
    attacker = from_address("203.0.113.1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(attacker, "lea", "devine")
    assert login(attacker, "lea", owner.plain_password).status_code == 429
    # A first login from a new address: the username is not under a spread-out attack.
    assert login(from_address("198.51.100.8"), "lea", owner.plain_password).status_code == 302


def test_a_forged_forwarded_for_from_a_direct_client_is_ignored(owner):
    direct = Client(REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR="198.51.100.7")
    login(direct, "lea", "devine")
    assert AccessAttempt.objects.get(username="lea").ip_address == "203.0.113.50"


def test_a_moderator_unlocks_every_address_from_the_admin_without_a_shell(owner):
    for n in range(1, 6):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(from_address(f"203.0.113.{n}"), "lea", "devine")
    newcomer = from_address("192.0.2.10")
    assert login(newcomer, "lea", owner.plain_password).status_code == 429  # under attack, unknown address
    moderator, _ = create_staff_user("modo", role=MODERATORS)
    admin = Client()
    admin.force_login(moderator)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "lea" in admin.get(changelist, {"q": "lea"}).content.decode()
    attempts = list(AccessAttempt.objects.filter(username="lea").values_list("pk", flat=True))
    response = admin.post(changelist, {"action": "delete_selected", "_selected_action": attempts, "post": "yes"})
    assert response.status_code == 302
    assert login(newcomer, "lea", owner.plain_password).status_code == 302
    assert login(from_address("203.0.113.1"), "lea", owner.plain_password).status_code == 302


# --- Defect 11: « Voir sur le site » reveals nothing ----------------------------------------


def shortcut(obj):
    return reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(obj).pk, obj.pk])


def test_view_on_site_is_404_for_another_organisms_project_and_missing_ids(client_for, project_a, project_b):
    editor = client_for("editor_a")
    assert editor.get(shortcut(project_b)).status_code == 404
    content_type = ContentType.objects.get_for_model(Project).pk
    missing = reverse("admin:view_on_site", args=[content_type, 999999])
    assert editor.get(missing).status_code == 404
    assert editor.get(reverse("admin:view_on_site", args=[content_type, "pas-un-nombre"])).status_code == 404


def test_view_on_site_of_an_own_draft_is_its_preview_never_the_public_address(client_for, project_a):
    response = client_for("editor_a").get(shortcut(project_a))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:projects_project_preview", args=[project_a.pk])
    assert "/projets/" not in response["Location"]
    moderator = client_for("moderator").get(shortcut(project_a))
    assert moderator["Location"] == reverse("admin:projects_project_preview", args=[project_a.pk])


def test_view_on_site_of_a_published_project_and_of_public_objects(client_for, catalogue, project_a, organism_b):
    from geo.models import Department, Region

    Project.objects.filter(pk=project_a.pk).update(status=PublicationStatus.PUBLISHED, published_at=timezone.now())
    editor = client_for("editor_a")
    assert editor.get(shortcut(project_a))["Location"] == project_a.get_absolute_url()
    # Another organism's project is outside the editor's admin, published or not; a moderator's is not.
    published = Project.objects.published().exclude(actors__organism__in=project_a.actors.values("organism")).first()
    assert editor.get(shortcut(published)).status_code == 404
    assert client_for("moderator").get(shortcut(published))["Location"] == published.get_absolute_url()
    for obj in (organism_b, Region.objects.first(), Department.objects.first()):
        assert editor.get(shortcut(obj))["Location"] == obj.get_absolute_url()
    assert client_for("anonymous").get(shortcut(published)).status_code == 302  # to the login page
    assert "login" in client_for("anonymous").get(shortcut(published))["Location"]


# --- Defect 12: an editor counts only the projects they may see -----------------------------


def test_organism_list_counts_for_an_editor_only_published_and_own_projects(
    client_for, project_a, project_b, organism_b
):
    changelist = reverse("admin:organisms_organism_changelist")
    published = Project.objects.published().filter(actors__organism=organism_b).distinct().count()
    every = Project.objects.filter(actors__organism=organism_b).distinct().count()
    assert every == published + 1  # project_b is a draft

    def count_for(role):
        page = client_for(role).get(changelist, {"q": organism_b.name})
        row = next(o for o in page.context["cl"].result_list if o.pk == organism_b.pk)
        return row.project_count

    assert count_for("editor_a") == published
    assert count_for("editor_b") == every
    assert count_for("moderator") == every


# --- Defect 13: history pages of another organism's project are 404 -------------------------


def test_history_version_pages_of_another_organisms_project_are_404_like_missing_ones(client_for, project_b):
    project_b.summary = "Nouveau résumé"
    project_b.save()
    version = project_b.history.first()
    editor = client_for("editor_a")
    urls = [
        reverse("admin:projects_project_simple_history", args=[project_b.pk, version.history_id]),
        reverse("admin:projects_project_simple_history", args=[project_b.pk, 999999]),
        reverse("admin:projects_project_simple_history", args=[999999, version.history_id]),
        reverse("admin:projects_project_history", args=[project_b.pk]),
    ]
    for url in urls:
        assert editor.get(url).status_code == 404, url
        assert editor.post(url).status_code in (404, 405), url
    own = client_for("editor_b").get(urls[0])
    assert own.status_code == 200
    assert client_for("moderator").get(urls[0]).status_code == 200


# --- Defect 10: a database that cannot be written --------------------------------------------
# A real server process on a real read-only database: a SQLite file chmod'ed read-only (and made
# immutable with chattr when the tests run as root, whom file modes do not stop), or PostgreSQL
# with default_transaction_read_only.

import contextlib  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import secrets  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402

from django.db import connection  # noqa: E402

from tests.reliability.databases import BASE_DIR, current_database_url, manage  # noqa: E402
from tests.security.test_error_pages import WSGI_SERVER, fetch, free_port  # noqa: E402

SECRET = secrets.token_urlsafe(50)
MAKE_SESSION = """
from django.test import Client
from accounts.roles import MODERATORS
from accounts.services import create_staff_user
from projects.models import Project
user, _ = create_staff_user("{name}", role=MODERATORS)
client = Client()
client.force_login(user)
print(client.cookies["sessionid"].value, Project.objects.order_by("pk").first().pk)
"""


@contextlib.contextmanager
def server(database_url, log):
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": SECRET,
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "ADMIN_HTTPS_ONLY": "false",
        "MANIFEST_STATIC": "false",
        "CONN_MAX_AGE": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    environment.pop("TEST_DATABASE_NAME", None)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", WSGI_SERVER, str(port)],
        cwd=BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    try:
        for _attempt in range(150):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if process.poll() is not None:
                pytest.fail("the server did not start: " + log.read_text())
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def read_only_database():
    """A DATABASE_URL of the seed catalogue, read-only, with a moderator's session: (url, cookie,
    a project id)."""
    name = f"lecture-seule-{secrets.token_hex(4)}"
    with current_database_url() as url:
        session, project_id = manage(
            "shell", "-c", MAKE_SESSION.format(name=name), database_url=url, SECRET_KEY=SECRET
        ).stdout.split()[-2:]
        try:
            if connection.vendor == "sqlite":
                path = url.removeprefix("sqlite:///")
                folder = os.path.dirname(path)
                os.chmod(path, 0o444)
                os.chmod(folder, 0o555)  # noqa: S103 — read-only (no journal either), restored below
                if os.geteuid() == 0:
                    subprocess.run(["chattr", "+i", path, folder], check=True)
                try:
                    yield url, session, project_id
                finally:
                    if os.geteuid() == 0:
                        subprocess.run(["chattr", "-i", path, folder], check=True)
                    os.chmod(folder, 0o755)  # noqa: S103 — the usual mode of a test's temporary folder
                    os.chmod(path, 0o644)
            else:
                options = urllib.parse.quote("-c default_transaction_read_only=on")
                yield f"{url}?options={options}", session, project_id
        finally:
            if connection.vendor != "sqlite":  # the test database itself: remove what was committed
                manage(
                    "shell",
                    "-c",
                    f"from accounts.models import User; User.objects.filter(username='{name}').delete()",
                    database_url=url,
                )


def test_a_read_only_database_keeps_pages_readable_for_editors_and_writes_get_a_503(tmp_path):
    with read_only_database() as (url, session, project_id), server(url, tmp_path / "server.log") as base:
        cookie = f"sessionid={session}"
        for path in ("/", "/projets/", "/admin/", f"/admin/projects/project/{project_id}/change/"):
            status, _headers, body = fetch(base + path, Cookie=cookie)
            assert status == 200, (path, body[:300])
        assert "logout" in body  # still logged in: the session was read, only not saved

        status, headers, _body = fetch(base + "/admin/", Cookie=cookie)
        csrf = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
        request = urllib.request.Request(
            f"{base}/admin/projects/project/{project_id}/verifie/",
            data=urllib.parse.urlencode({"csrfmiddlewaretoken": csrf}).encode(),
            headers={"Cookie": f"{cookie}; csrftoken={csrf}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, headers, body = response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            status, headers, body = error.code, dict(error.headers), error.read().decode()
        assert status == 503, body[:500]
        assert headers["Retry-After"] == "120"
        assert (
            "Votre modification n&#x27;a pas pu être enregistrée" in body
            or "Votre modification n'a pas pu être enregistrée" in body
        )
        assert "réessayez" in body


def test_sqlite_waits_for_a_busy_database_before_failing(settings):
    from django.conf import settings as live

    if live.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert live.DATABASES["default"]["OPTIONS"]["timeout"] >= 20
