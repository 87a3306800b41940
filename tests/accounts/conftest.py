import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """These tests log in dozens of times: a fast hasher (tests only) keeps them quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
