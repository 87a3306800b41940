"""The back-office's address prefix, asked by the middleware on every request, is reversed once
(catalogue.middleware.admin_prefix) and still follows the URL configuration and the script prefix."""

from django.urls import set_script_prefix

from catalogue.middleware import admin_prefix


def test_the_admin_prefix_is_the_back_offices_address():
    assert admin_prefix() == "/admin/"


def test_the_admin_prefix_follows_a_changed_url_configuration(settings):
    assert admin_prefix() == "/admin/"
    settings.ROOT_URLCONF = "tests.catalogue.urls_admin_elsewhere"
    assert admin_prefix() == "/gestion/"


def test_the_admin_prefix_follows_the_script_prefix():
    set_script_prefix("/catalogue/")
    try:
        assert admin_prefix() == "/catalogue/admin/"
    finally:
        set_script_prefix("/")
    assert admin_prefix() == "/admin/"


def test_a_plain_http_login_is_refused_under_a_changed_url_configuration(client, settings):
    settings.ADMIN_HTTPS_ONLY = True
    settings.ROOT_URLCONF = "tests.catalogue.urls_admin_elsewhere"
    assert client.post("/gestion/login/", {"username": "x", "password": "y"}).status_code == 403
