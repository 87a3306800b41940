"""Signed, tamper-proof links: a confirmation link that expires, an unsubscribe link that does not.

``django.core.signing`` with a salt per purpose: a confirmation token cannot unsubscribe and the
other way round; changing one character of a token makes it invalid. The confirmation token also
signs the address, so a token stays bound to the subscription it was made for.
"""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "alerts.confirm"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"


class Expired(Exception):
    pass


class Invalid(Exception):
    pass


def confirmation_token(subscription) -> str:
    return signing.dumps({"id": subscription.pk, "email": subscription.email}, salt=CONFIRM_SALT, compress=True)


def read_confirmation_token(token: str) -> dict:
    max_age = getattr(settings, "ALERTS_CONFIRMATION_DAYS", 3) * 24 * 3600
    try:
        return signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise Expired from error
    except signing.BadSignature as error:
        raise Invalid from error


def unsubscribe_token(subscription) -> str:
    return signing.dumps({"id": subscription.pk, "email": subscription.email}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> dict:
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise Invalid from error
