"""Login protection without a denial of service (SECURITY.md, « Connexion et accès (round 2) »).

django-axes locks a (username, address) pair after ``AXES_FAILURE_LIMIT`` failures: guessing
from one address stops there, and nobody can lock an account from *their* address for its
owner at *theirs*. Guessing spread over many addresses is caught per username: once
``AXES_USERNAME_FAILURE_LIMIT`` failures from any addresses are recent, the account opens only
from an address it already logged in from (axes' access log) until the attempts expire or a
moderator clears them in the admin (« Tentatives d'accès »). The right password from a known
address is never refused: an attacker can slow an editor down, not lock them out.
"""

import ipaddress
from datetime import timedelta

from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.utils import timezone


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's address: ``REMOTE_ADDR``, or, when that is a trusted proxy (``TRUSTED_PROXIES``),
    the right-most ``X-Forwarded-For`` entry that is not one (the proxy appends what it saw;
    entries further left are the client's own claims)."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = set(getattr(settings, "TRUSTED_PROXIES", ()))
    if remote not in trusted:
        return remote or None
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _valid_ip(entry)
        if address is None:
            break  # a forged or garbled entry: trust nothing further left
        if address not in trusted:
            return address
    return remote or None


def recent_failures(username):
    """Failed logins for ``username`` from every address during the cool-off period."""
    cutoff = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    total = AccessAttempt.objects.filter(username=username, attempt_time__gte=cutoff).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


def is_known_address(username, address):
    """``username`` has logged in from ``address`` before (axes keeps one row per login)."""
    return bool(address) and AccessLog.objects.filter(username=username, ip_address=address).exists()


def username_under_attack(request, username):
    """Many recent failures for ``username`` and this request does not come from a known address."""
    if not username or recent_failures(username) < settings.AXES_USERNAME_FAILURE_LIMIT:
        return False
    return not is_known_address(username, client_ip(request))


class UsernameUnderAttackBackend:
    """After django-axes' pair check, before the password check: while a username is under a
    spread-out attack, only its known addresses may try it. The refusal is counted as a failure
    of this (username, address) pair, so a rotating attacker also fills its own pair locks."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and username_under_attack(request, username):
            request.axes_locked_out = True
            request.login_username_under_attack = True
            raise PermissionDenied("username under attack, unknown address")
        return None  # the next backend checks the password

    # No get_user(): sessions name the backend that checked the password (and force_login picks
    # the first backend that has one).
