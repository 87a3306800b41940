"""Creating back-office accounts (used by the management commands)."""

import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from outbox.mail import queue_templated

from .models import Membership, User
from .roles import EDITORS, MODERATORS, is_moderator, sync_role_groups
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


def role_label(user):
    if user.is_superuser:
        return _("administrateur")
    if is_moderator(user):
        return _("modérateur")
    return _("éditeur de %(organisms)s") % {
        "organisms": ", ".join(user.memberships.order_by("organism__name").values_list("organism__name", flat=True))
    }


def send_invitation(user):
    """Queue the one-time link to ``user``'s address (in their language), through the outbox.

    Returns the link (the commands also print it), or None when the account has no address.
    The link is a credential: it is written only into the message, never logged."""
    if not user.email:
        return None
    link = invitation_link(user)
    context = {
        "user": user,
        "link": link,
        "days": settings.EDITOR_INVITATION_DAYS,
        "site_name": settings.SITE_NAME,
    }
    with translation.override(user.language):
        context["role"] = str(role_label(user))
    queue_templated(user.email, "accounts/mail/invitation", context, user.language)
    return link


__all__ = [
    "EDITORS",
    "MODERATORS",
    "create_staff_user",
    "invitation_link",
    "send_invitation",
    "set_random_password",
]
