"""Classic XSS payloads typed into the admin by a moderator never run on a public page.

Names, descriptions, photo alt text and credit, organism and source fields get the payloads;
the project is published; then every public rendering is read back: pages (project, list
card, search, organism, source, comparison), JSON-LD, map data, feed, exports and API. HTML
must carry no element, attribute or address that a browser would run; data formats keep the
text verbatim as data. Web addresses refuse ``javascript:`` and ``data:`` (form and database).
"""

import csv
import io
import json
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from organisms.models import Organism
from projects.models import Photo, Project, Source
from tests.backoffice.helpers import form_data
from tests.projects import images

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
CLOSE_SCRIPT = "</script><script>alert(2)</script>"
QUOTE = "'-alert(3)-'"
JAVASCRIPT_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "javascript://example.org/%0aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
]

RUNNABLE_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "xlink:href", "poster", "data"}


class ExecutableMarkup(HTMLParser):
    """Collects what a browser would run: inline scripts, event handlers, script addresses."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems, self.json_ld, self._script = [], [], None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith(RUNNABLE_SCHEMES):
                self.problems.append(f"<{tag} {name}={value}>")
        if tag == "img" and attributes.get("src") == "x":
            self.problems.append("<img src=x>")
        if tag == "script":
            kind = attributes.get("type", "")
            if kind == "application/ld+json":
                self._script = []
            elif not attributes.get("src", "").startswith("/static/"):
                self.problems.append(f"<script {attributes}>")
                self._script = None

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.json_ld.append("".join(self._script))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)


def strings_in(data):
    if isinstance(data, dict):
        return [text for value in data.values() for text in strings_in(value)]
    if isinstance(data, list):
        return [text for value in data for text in strings_in(value)]
    return [data] if isinstance(data, str) else []


def assert_html_runs_nothing(response, path):
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("text/html")
    parser = ExecutableMarkup()
    parser.feed(response.content.decode())
    assert parser.problems == [], path
    for block in parser.json_ld:
        assert "</script" not in block.lower() and "<" not in block, path
        json.loads(block)
    return parser


@pytest.fixture
def moderator(client):
    from accounts.roles import MODERATORS
    from accounts.services import create_staff_user

    client.force_login(create_staff_user("moderatrice-xss", role=MODERATORS)[0])
    return client


def change(client, instance, overrides, extra=None):
    url = reverse(f"admin:{instance._meta.app_label}_{instance._meta.model_name}_change", args=[instance.pk])
    data = form_data(client.get(url), f"{instance._meta.model_name}_form", overrides)
    data.update(extra or {})
    return client.post(url, data)


@pytest.fixture
def hostile_project(moderator, published_project):
    project = published_project
    organism = project.actors.select_related("organism").first().organism
    source = Source.objects.filter(projects=project).first() or Source.objects.first()

    response = change(
        moderator, source, {"title": f"Rapport {CLOSE_SCRIPT}", "publisher": IMG, "summary": SCRIPT + QUOTE}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    response = change(
        moderator, organism, {"name": f"Bailleur {SCRIPT}", "short_name": "X<b>", "description": IMG + CLOSE_SCRIPT}
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    url = reverse("admin:projects_project_change", args=[project.pk])
    data = form_data(
        moderator.get(url),
        "project_form",
        {
            "name": f"Résidence {SCRIPT} {IMG}",
            "description": f"{SCRIPT}\n{IMG}\n{CLOSE_SCRIPT} [lien](javascript:alert(1))",
            "how_to_get_involved": f"{QUOTE} {IMG}",
        },
    )
    index = int(data["photos-TOTAL_FORMS"][0])
    data["photos-TOTAL_FORMS"] = [str(index + 1)]
    for key, value in {
        "alt_text": IMG,
        "credit": SCRIPT,
        "licence": "CC BY 4.0",
        "caption": CLOSE_SCRIPT,
        "position": "0",
    }.items():
        data[f"photos-{index}-{key}"] = [value]
    data[f"photos-{index}-image"] = SimpleUploadedFile("photo.jpg", images.jpeg(), content_type="image/jpeg")
    response = moderator.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    project.refresh_from_db()
    if project.status != "published":
        moderator.post(reverse("admin:projects_project_transition", args=[project.pk, "publish"]))
        project.refresh_from_db()
    assert project.status == "published" and project.name.startswith("Résidence <script>")
    assert Photo.objects.filter(project=project, alt_text=IMG).exists()
    return project, organism, source


def test_payloads_never_run_on_any_public_page(client, hostile_project):
    project, organism, source = hostile_project
    other = Project.objects.published().exclude(pk=project.pk).first()
    pages = [
        project.get_absolute_url(),
        "/projets/",
        "/projets/?q=Résidence",
        "/projets/?q=alert",
        f"/projets/?organisme={organism.slug}",
        "/territoires/carte/",
        organism.get_absolute_url(),
        f"/sources/{source.slug}/",
        f"/statistiques/comparer/?p={project.slug}&p={other.slug}",
        "/",
    ]
    for path in pages:
        assert_html_runs_nothing(client.get(path), path)

    detail = client.get(project.get_absolute_url()).content.decode()
    assert "Résidence &lt;script&gt;alert(1)&lt;/script&gt;" in detail  # shown, as text
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in detail  # alt text or credit, as text
    parser = assert_html_runs_nothing(client.get(project.get_absolute_url()), "JSON-LD")
    (json_ld,) = parser.json_ld
    assert json.loads(json_ld)["name"] == project.name  # escaped for HTML, intact as data


@pytest.mark.parametrize(
    "path, content_type",
    [
        ("/projets/export.json", "application/json"),
        ("/projets/export.geojson", "application/geo+json"),
        ("/api/v1/projets/", "application/json"),
        ("/api/v1/projets/{slug}/", "application/json"),
        ("/api/v1/organismes/{organism}/", "application/json"),
    ],
)
def test_data_formats_keep_the_text_as_data_never_as_html(client, hostile_project, path, content_type):
    project, organism, _source = hostile_project
    response = client.get(path.format(slug=project.slug, organism=organism.slug))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert project.name in strings_in(json.loads(body))


def test_csv_export_is_a_download_not_a_page(client, hostile_project):
    project, _organism, _source = hostile_project
    response = client.get("/projets/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    assert project.name in [row["name"] for row in rows]


def test_feed_carries_the_payload_as_escaped_text(client, hostile_project):
    project, _organism, _source = hostile_project
    response = client.get("/projets/flux.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    tree = ElementTree.fromstring(response.content)
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [entry.findtext(f"{atom}title") for entry in tree.iter(f"{atom}entry")]
    assert project.name in titles
    assert not [element for element in tree.iter() if element.tag.endswith("script")]


# --- Web addresses: http(s) only --------------------------------------------------------------


@pytest.mark.parametrize("address", JAVASCRIPT_URLS)
@pytest.mark.parametrize("model, field", [(Project, "website"), (Organism, "website"), (Source, "url")])
def test_admin_refuses_script_addresses(moderator, published_project, model, field, address):
    instance = published_project if model is Project else model.objects.first()
    before = getattr(instance, field)
    response = change(moderator, instance, {field: address})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get(field)
    instance.refresh_from_db()
    assert getattr(instance, field) == before


@pytest.mark.parametrize("model, field", [(Project, "website"), (Organism, "website"), (Source, "url")])
def test_database_refuses_script_addresses(catalogue, model, field):
    instance = model.objects.first()
    for address in ("javascript:alert(1)", "data:text/html,x", "ftp://example.org/"):
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.filter(pk=instance.pk).update(**{field: address})
    model.objects.filter(pk=instance.pk).update(**{field: "HTTPS://example.org/"})
    model.objects.filter(pk=instance.pk).update(**{field: ""})


@pytest.mark.parametrize("address", ["ftp://example.org/", "javascript:alert(1)", "data:,x", "file:///etc/passwd"])
def test_model_validation_refuses_other_schemes_for_imports_too(address):
    from django.core.exceptions import ValidationError

    for model, field in ((Project, "website"), (Organism, "website"), (Source, "url")):
        with pytest.raises(ValidationError):
            model._meta.get_field(field).clean(address, model())
