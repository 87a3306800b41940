"""Golden contract: every URL, the admin, the API schema and every export answer as recorded.

The goldens in tests/contract/golden/ were written from the code as it stood before the
restructuring into public/opendata/stats/backoffice/common; a pure refactoring must leave them
all identical. Masks are listed in tests/contract/normalise.py (only values depending on the
time of the run). On a deliberate change, rewrite them and review the diff:

    UPDATE_GOLDEN=1 pytest tests/contract
"""

import difflib
import json
import os
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from .normalise import (
    db_neutral_atom,
    db_neutral_json,
    form_field_names,
    html_fingerprint,
    mask_now,
    pin_timestamps,
)

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
MAX_DIFF_LINES = 60


def assert_golden(name, text):
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))  # bytes: CSV line ends (CRLF) kept
        return
    if not path.exists():
        pytest.fail(f"No golden file {path}: record it with UPDATE_GOLDEN=1 pytest tests/contract", pytrace=False)
    expected = path.read_bytes().decode("utf-8")
    if text == expected:
        return
    diff = list(
        difflib.unified_diff(
            _readable(expected).splitlines(), _readable(text).splitlines(), f"golden/{name}", "now", lineterm=""
        )
    )
    if not diff:  # same lines: only line ends or a final newline differ
        diff = [f"golden: {expected[-200:]!r}", f"now:    {text[-200:]!r}"]
    shown = "\n".join(diff[:MAX_DIFF_LINES])
    more = f"\n… {len(diff) - MAX_DIFF_LINES} more diff lines" if len(diff) > MAX_DIFF_LINES else ""
    pytest.fail(f"{name} differs from its golden file:\n{shown}{more}", pytrace=False)


def _readable(text):
    """One-line JSON bodies are diffed pretty-printed (the golden itself stays as served)."""
    head, sep, body = text.partition("\n\n")
    try:
        return head + sep + json.dumps(json.loads(body), indent=1, ensure_ascii=False)
    except ValueError:
        return text


@pytest.fixture
def pinned(catalogue):
    pin_timestamps()


def body_of(response):
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8")


def recorded(response, now, headers=("Content-Type",), db_neutral=None):
    """Status, chosen headers, a blank line, then the body with the run's instant masked
    (and, with ``db_neutral``, the lists whose order depends on the database sorted)."""
    lines = [f"status: {response.status_code}"]
    lines += [f"{header}: {response.get(header, '-')}" for header in headers]
    body = body_of(response)
    if db_neutral:
        body = db_neutral(body)
    return mask_now("\n".join(lines) + "\n\n" + body, now)


# --- API ------------------------------------------------------------------------------------


def test_api_schema_is_unchanged(client, pinned):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert_golden("api/schema.txt", recorded(response, timezone.now()))


API = {
    "root": "/api/v1/",
    "projects-first-page": "/api/v1/projets/",
    "project-terra-arte": "/api/v1/projets/terra-arte/",
    "project-locus-solus": "/api/v1/projets/locus-solus/",
    "organisms": "/api/v1/organismes/",
    "tenure-statuses": "/api/v1/statuts/",
    "regions": "/api/v1/territoires/regions/",
}


@pytest.mark.parametrize("name", API)
def test_api_answers_are_unchanged(client, pinned, name):
    response = client.get(API[name])
    assert_golden(f"api/{name}.json", recorded(response, timezone.now(), db_neutral=db_neutral_json))


# --- Open data: exports, feed, sitemaps, robots ------------------------------------------------

OPEN_DATA = {
    "export.csv": "/projets/export.csv",
    "export.json": "/projets/export.json",
    "export.geojson": "/projets/export.geojson",
    "export-nouvelle-aquitaine-psla.csv": "/projets/export.csv?region=nouvelle-aquitaine&statut=psla",
    "export-gironde.geojson": "/projets/export.geojson?departement=33",
    "flux.atom": "/projets/flux.atom",
    "sitemap.xml": "/sitemap.xml",
    "sitemap-projets.xml": "/sitemap-projets.xml",
    "robots.txt": "/robots.txt",
}


@pytest.mark.parametrize("name", OPEN_DATA)
def test_open_data_is_unchanged(client, pinned, name):
    response = client.get(OPEN_DATA[name])
    headers = ("Content-Type", "Content-Disposition", "Access-Control-Allow-Origin")
    db_neutral = db_neutral_atom if name.endswith(".atom") else None
    assert_golden(f"opendata/{name}", recorded(response, timezone.now(), headers, db_neutral))


# --- Public pages: status, type and structure -------------------------------------------------

PAGES = {
    "home": "/",
    "project-list": "/projets/",
    "project-list-filtered": "/projets/?region=nouvelle-aquitaine&statut=psla&tri=-logements",
    "project-detail": "/projets/terra-arte/",
    "organism-list": "/organismes/",
    "organism": "/organismes/le-col/",
    "territories": "/territoires/",
    "region": "/territoires/regions/nouvelle-aquitaine/",
    "department": "/territoires/departements/gironde/",
    "map": "/territoires/carte/",
    "near-me": "/territoires/pres-de/?lieu=Bordeaux&rayon=50",
    "statistics": "/statistiques/",
    "compare": "/statistiques/comparer/?p=terra-arte&p=locus-solus",
    "glossary": "/glossaire/",
    "about": "/a-propos/",
    "source": "/sources/actes-habitat-participatif-logement-social-2017/",
    "open-data": "/donnees/",
    "not-found-project": "/projets/ce-projet-n-existe-pas/",
    "not-found": "/cette-adresse-n-existe-pas/",
}


@pytest.mark.parametrize("name", PAGES)
def test_public_page_structure_is_unchanged(client, pinned, name):
    """Anonymous visitor, default French: status, content type and the HTML's structural fingerprint."""
    response = client.get(PAGES[name])
    head = f"status: {response.status_code}\nContent-Type: {response['Content-Type']}\n\n"
    assert_golden(f"pages/{name}.txt", mask_now(head + html_fingerprint(body_of(response)), timezone.now()))


# --- Admin ------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model, pinned):
    client.force_login(django_user_model.objects.create_superuser("contrat", "contrat@example.org"))
    return client


def _admin_pages():
    from organisms.models import Organism  # noqa: F401  (models are ready once Django is set up)
    from projects.models import Project

    project = Project.objects.get(slug="terra-arte")
    return {
        "index": reverse("admin:index"),
        "project-changelist": reverse("admin:projects_project_changelist"),
        "project-change": reverse("admin:projects_project_change", args=[project.pk]),
        "project-add": reverse("admin:projects_project_add"),
        "organism-changelist": reverse("admin:organisms_organism_changelist"),
    }


@pytest.mark.parametrize(
    "name", ["index", "project-changelist", "project-change", "project-add", "organism-changelist"]
)
def test_admin_forms_are_unchanged(admin_client, name):
    """As a superuser (over HTTPS, as the admin requires): status 200 and the form field names."""
    response = admin_client.get(_admin_pages()[name], secure=True)
    assert response.status_code == 200
    fields = form_field_names(body_of(response), with_links=name == "index")
    assert_golden(f"admin/{name}.txt", f"status: {response.status_code}\n\n{fields}")


# --- URL map and management commands ----------------------------------------------------------


def url_map(patterns=None, prefix="", namespace=""):
    """(name with namespaces, full route) for every pattern, in resolution order."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            yield from url_map(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = f"{namespace}:{pattern.name}".strip(":") if pattern.name else "(unnamed)"
            yield name, prefix + str(pattern.pattern)


def test_url_map_is_unchanged():
    assert_golden("urls.txt", "".join(f"{name}\t{route}\n" for name, route in url_map()))


def test_admin_url_names_are_unchanged():
    names = sorted({name for name, _ in url_map() if name.startswith("admin:")})
    assert_golden("admin_url_names.txt", "\n".join(names) + "\n")


def test_management_commands_are_unchanged():
    assert_golden("commands.txt", "\n".join(sorted(get_commands())) + "\n")
