"""The OpenAPI schema is valid, warning-free, and its documentation pages use local assets only."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command


def test_schema_is_valid_and_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    paths = set(schema["paths"])
    assert {
        "/api/v1/projets/",
        "/api/v1/projets/{slug}/",
        "/api/v1/organismes/",
        "/api/v1/organismes/{slug}/",
        "/api/v1/statuts/",
        "/api/v1/statuts/{code}/",
        "/api/v1/territoires/regions/",
        "/api/v1/territoires/regions/{code}/",
        "/api/v1/territoires/departements/",
        "/api/v1/territoires/departements/{code}/",
    } <= paths
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert method == "get", (path, method)  # read-only
            assert operation.get("summary") and operation.get("description"), path
    organism_parameters = {p["name"] for p in schema["paths"]["/api/v1/organismes/"]["get"]["parameters"]}
    assert {"famille", "type", "page", "page_size"} <= organism_parameters
    project_responses = schema["paths"]["/api/v1/projets/"]["get"]["responses"]
    assert {"200", "400", "404"} <= set(project_responses)


@pytest.mark.django_db
def test_schema_endpoint_serves_yaml_and_json(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response.json()["info"]["title"]


def local_assets(html):
    return re.findall(r'(?:src|href|spec-url)="([^"]+)"', html)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_documentation_pages_use_local_assets_only(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assets = local_assets(html)
    assert assets
    for asset in assets:
        assert asset.startswith(("/static/", "/api/")), asset
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset
    assert "http://" not in html and "https://" not in html and "//" not in html.replace("<!DOCTYPE html>", "")
    # No inline script: ready for a strict Content-Security-Policy.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


@pytest.mark.django_db
def test_swagger_start_up_script_points_at_the_schema(client):
    response = client.get("/api/docs/?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    script = response.content.decode()
    assert '"/api/schema/"' in script
    assert "csrf" not in script.lower()
