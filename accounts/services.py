"""Creating back-office accounts (used by the management commands)."""

import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Membership, User
from .roles import EDITORS, MODERATORS, sync_role_groups
from .tokens import invitation_token


def _role_group(name):
    group = Group.objects.filter(name=name).first()
    if group is None:  # a database migrated before the roles existed
        sync_role_groups()
        group = Group.objects.get(name=name)
    return group


@transaction.atomic
def create_staff_user(username, *, role, organisms=(), email=""):
    """Create or update a staff account with ``role`` (EDITORS or MODERATORS) and, for
    editors, memberships of ``organisms`` (added to any they already have).

    Returns (user, created). A new account has no usable password until one is chosen
    through an invitation link or set with ``set_random_password``.
    """
    user, created = User.objects.get_or_create(username=username, defaults={"email": email})
    if email:
        user.email = email
    user.is_staff = True
    user.is_active = True
    if created:
        user.set_unusable_password()
    user.save()
    user.groups.add(_role_group(role))
    for organism in organisms:
        Membership.objects.get_or_create(user=user, organism=organism)
    return user, created


def set_random_password(user):
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    user.save(update_fields=["password"])
    return password


def invitation_link(user):
    """A one-time link to choose a password: signed, expiring, single-use (accounts.tokens)."""
    path = reverse(
        "admin:invitation",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": invitation_token.make_token(user)},
    )
    return settings.SITE_URL.rstrip("/") + path


__all__ = ["EDITORS", "MODERATORS", "create_staff_user", "invitation_link", "set_random_password"]
