"""Fixtures for the security tests: the production settings, evaluated for real."""

import os
import runpy
import secrets
from pathlib import Path

import pytest

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "catalogue" / "settings.py"

# The settings that decide headers and cookies; the rest (database, storages) stays as tested.
SECURITY_SETTINGS = (
    "DEBUG",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
    "CONTENT_SECURITY_POLICY",
    "PERMISSIONS_POLICY",
    "X_FRAME_OPTIONS",
    "ADMIN_HTTPS_ONLY",
)

PRODUCTION_ENVIRONMENT = {"DJANGO_DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50)}
PRODUCTION_OVERRIDES = ("SECURE_SSL_REDIRECT", "SECURE_COOKIES", "ADMIN_HTTPS_ONLY", "SECURE_HSTS_SECONDS")


def production_values():
    """catalogue/settings.py evaluated as a production server would (DJANGO_DEBUG=false,
    no local overrides), without touching the settings of the running tests."""
    saved = dict(os.environ)
    try:
        for name in PRODUCTION_OVERRIDES:
            os.environ.pop(name, None)
        os.environ.update(PRODUCTION_ENVIRONMENT)
        values = runpy.run_path(str(SETTINGS_FILE))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return {name: values[name] for name in SECURITY_SETTINGS}


@pytest.fixture
def production(settings):
    """The test settings with production's security settings (HTTPS, HSTS, CSP, cookies)."""
    for name, value in production_values().items():
        setattr(settings, name, value)
    settings.WHITENOISE_USE_FINDERS = True  # static files from the source tree (no collectstatic)
    return settings
