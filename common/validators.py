"""Shared validators: web addresses (http(s) only) and control characters (below).

Web addresses typed by editors or imported: http(s) only.

Django's URLValidator also accepts ftp(s); nothing else (``javascript:``, ``data:``,
``vbscript:``) ever passes, and the database refuses it too (``web_address_constraint``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar, overload

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import CharField, CheckConstraint, Model, Q, TextField
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ("http", "https")
T = TypeVar("T")

validate_web_address = URLValidator(
    schemes=list(WEB_SCHEMES), message=_("Saisissez une adresse web complète commençant par https:// ou http://.")
)


def web_address_constraint(field: str, name: str) -> CheckConstraint:
    """A CHECK: the field is empty or starts with http:// or https:// (any case)."""
    return CheckConstraint(
        condition=Q(**{field: ""})
        | Q(**{f"{field}__istartswith": "http://"})
        | Q(**{f"{field}__istartswith": "https://"}),
        name=name,
        violation_error_message=_("Seules les adresses web en http:// ou https:// sont acceptées."),
    )


# --- Control characters ------------------------------------------------------------------------
# C0 controls other than tab, line feed and carriage return: no text typed by a person carries
# them, XML 1.0 cannot represent them (the Atom feed and the sitemap would fail) and PostgreSQL
# refuses NUL. They are refused in every text field (``refuse_control_characters`` below, wired
# once in ``CatalogueConfig.ready``) and in query strings (catalogue.middleware), and stripped at
# write time from what an XML writer outputs (``xml_safe``), for rows stored before.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Also invalid in XML 1.0: lone surrogates and the two non-characters U+FFFE, U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def has_control_characters(text: object) -> bool:
    return isinstance(text, str) and CONTROL_CHARACTERS.search(text) is not None


def validate_no_control_characters(value: object) -> None:
    match = CONTROL_CHARACTERS.search(value) if isinstance(value, str) else None
    if match is not None:
        raise ValidationError(
            _("Ce texte contient un caractère de contrôle invisible (code %(code)s) : retirez-le."),
            code="control_character",
            params={"code": f"U+{ord(match.group()):04X}"},
        )


@overload
def xml_safe(text: str) -> str: ...
@overload
def xml_safe(text: T) -> T: ...
def xml_safe(text: object) -> object:
    """``text`` without the characters XML 1.0 cannot carry (they are dropped)."""
    return _NOT_XML.sub("", text) if isinstance(text, str) else text


def refuse_control_characters(models: Iterable[type[Model]]) -> None:
    """Add ``validate_no_control_characters`` to every CharField and TextField of ``models``.

    Added to the fields' ``default_validators`` (not their ``validators`` argument), so that it
    runs in every model form — the admin's included — and in ``full_clean()``, without changing
    the fields' deconstruction, hence without a migration.
    """
    for model in models:
        for field in model._meta.get_fields():
            if (
                isinstance(field, (CharField, TextField))
                and validate_no_control_characters not in field.default_validators
            ):
                field.default_validators = [*field.default_validators, validate_no_control_characters]
                field.__dict__.pop("validators", None)  # a cached_property, maybe computed already
