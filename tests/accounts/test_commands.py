"""Creating editors and moderators from the command line, and their one-time login links."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import Membership, User
from accounts.roles import EDITORS, MODERATORS, ROLE_PERMISSIONS, sync_role_groups
from accounts.tokens import invitation_token

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/admin/invitation/(\S+)/(\S+)/")


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def link_path(output):
    match = LINK.search(output)
    assert match, output
    return reverse("admin:invitation", kwargs={"uidb64": match[1], "token": match[2]})


def choose_password(client, path, password="Un-mot-de-passe-solide-42"):
    response = client.get(path)
    assert response.status_code == 302  # the token moves to the session, out of the address
    form_url = response["Location"]
    assert "set-password" in form_url
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_create_editor_makes_a_staff_member_of_the_organism_with_a_one_time_link(client):
    output = run("create_editor", "camille", "--organism", "le-col", "--email", "camille@example.org")
    user = User.objects.get(username="camille")
    assert user.is_staff and not user.is_superuser and not user.has_usable_password()
    assert user.email == "camille@example.org"
    assert list(user.groups.values_list("name", flat=True)) == [EDITORS]
    assert list(user.memberships.values_list("organism__slug", flat=True)) == ["le-col"]
    assert "Le COL" in output and "valid 3 days, single use" in output

    path = link_path(output)
    response = choose_password(client, path)
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200  # logged in
    assert User.objects.get(pk=user.pk).check_password("Un-mot-de-passe-solide-42")

    # Single use: the same link no longer works, even in another browser.
    from django.test import Client

    other = Client()
    page = other.get(path)
    assert page.status_code == 200 and "plus valable" in page.content.decode()
    assert "Lien de connexion non valable" in page.content.decode()


def test_a_weak_password_is_refused_on_the_invitation_page(client):
    path = link_path(run("create_editor", "dominique", "--organism", "le-col"))
    response = choose_password(client, path, password="123")
    assert response.status_code == 200 and "errorlist" in response.content.decode()


def test_an_expired_or_tampered_link_is_refused(client, settings):
    user = User.objects.get(pk=User.objects.get_or_create(username="eve", defaults={"is_staff": True})[0].pk)
    generator = invitation_token
    old = generator._make_token_with_timestamp(
        user, generator._num_seconds(generator._now()) - settings.PASSWORD_RESET_TIMEOUT - 60, generator.secret
    )
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    good = generator.make_token(user)
    tampered = good[:-1] + ("1" if good[-1] != "1" else "2")
    for token in (old, tampered, "set-password"):
        response = client.get(reverse("admin:invitation", kwargs={"uidb64": uid, "token": token}))
        assert response.status_code == 200 and "plus valable" in response.content.decode(), token


def test_a_password_reset_token_is_not_an_invitation(client):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = User.objects.create_user("frank", is_staff=True)
    url = reverse(
        "admin:invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    assert "plus valable" in client.get(url).content.decode()


def test_create_editor_with_password_prints_one_that_works(client):
    output = run("create_editor", "gael", "--organism", "aquitanis", "--password")
    password = re.search(r"password: (\S+)", output)[1]
    response = client.post(reverse("admin:login"), {"username": "gael", "password": password, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_running_it_again_adds_an_organism_and_keeps_the_account(client):
    run("create_editor", "hana", "--organism", "le-col", "--password")
    user = User.objects.get(username="hana")
    password_hash = user.password
    run("create_editor", "hana", "--organism", "aquitanis")
    user.refresh_from_db()
    assert set(user.memberships.values_list("organism__slug", flat=True)) == {"le-col", "aquitanis"}
    assert user.password == password_hash  # a link is printed, the password is kept until it is used
    assert Membership.objects.filter(user=user).count() == 2


def test_unknown_organism_is_a_clear_error():
    with pytest.raises(CommandError, match="Unknown organism slug: 'nope'"):
        run("create_editor", "ines", "--organism", "nope")
    assert not User.objects.filter(username="ines").exists()


def test_create_moderator(client):
    output = run("create_moderator", "jules", "--password")
    user = User.objects.get(username="jules")
    assert list(user.groups.values_list("name", flat=True)) == [MODERATORS]
    assert user.has_perm("projects.publish_project") and user.has_perm("projects.import_projects")
    assert "Moderator created: jules" in output


def test_demo_accounts_for_make_run():
    output = run("create_demo_admin", "--roles")
    assert User.objects.get(username="demo").is_superuser
    assert User.objects.get(username="demo-moderateur").groups.filter(name=MODERATORS).exists()
    assert list(User.objects.get(username="demo-editeur").memberships.values_list("organism__slug", flat=True)) == [
        "le-col"
    ]
    assert output.count("password: ") == 3 and "create_editor NAME --organism SLUG" in output


def test_role_groups_hold_exactly_the_permissions_of_the_table():
    for name, codes in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert held == set(codes), name
    # Editors never publish, import, or change reference data.
    editor_codes = set(ROLE_PERMISSIONS[EDITORS])
    assert (
        not {
            "projects.publish_project",
            "projects.import_projects",
            "projects.change_tenurestatus",
            "projects.change_source",
            "projects.add_organism",
            "organisms.delete_organism",
        }
        & editor_codes
    )
    # Idempotent, and it repairs a group edited by hand.
    Group.objects.get(name=EDITORS).permissions.clear()
    sync_role_groups()
    assert Group.objects.get(name=EDITORS).permissions.count() == len(ROLE_PERMISSIONS[EDITORS])
