"""Temporary shim: validators moved to common/validators.py."""

from common.validators import (  # noqa: F401 — temporary shim, removed after the redesign
    CONTROL_CHARACTERS,
    WEB_SCHEMES,
    has_control_characters,
    refuse_control_characters,
    validate_no_control_characters,
    validate_web_address,
    web_address_constraint,
    xml_safe,
)
