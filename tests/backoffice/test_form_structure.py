"""Forms as a browser builds them: none nested in another, every ``form=`` button pointing at a real form.

Browsers drop a ``<form>`` tag met inside another form: its fields and buttons then belong to the
outer form, or to nothing. The test client does not see this (it posts wherever a test says), so
these tests read the HTML as a browser would.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import ProjectFactory


class FormStructure(HTMLParser):
    """Records nested forms, the ids of the forms a browser keeps and the ``form=`` targets of buttons."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.nested = []
        self.form_ids = set()
        self.targets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if self.depth:
                self.nested.append(attrs.get("id") or attrs.get("action") or "?")
            else:
                self.form_ids.add(attrs.get("id"))
            self.depth += 1
        elif tag in {"button", "input", "select", "textarea"} and attrs.get("form"):
            self.targets.append(attrs["form"])

    def handle_endtag(self, tag):
        if tag == "form" and self.depth:
            self.depth -= 1


def structure_of(response):
    assert response.status_code == 200, response.status_code
    parser = FormStructure()
    parser.feed(response.content.decode())
    return parser


def assert_forms_work_in_a_browser(response):
    parser = structure_of(response)
    assert parser.nested == [], f"forms nested in another form (a browser drops them): {parser.nested}"
    dangling = [target for target in parser.targets if target not in parser.form_ids]
    assert dangling == [], f"buttons whose form= names no form a browser keeps: {dangling}"


@pytest.mark.parametrize("status", ["draft", "submitted", "published", "archived"])
@pytest.mark.parametrize("role", ["editor_a", "moderator", "superuser"])
def test_the_project_change_page_has_its_workflow_forms_outside_the_project_form(client_for, organism_a, role, status):
    project = ProjectFactory(developer=organism_a, status=status)
    response = client_for(role).get(reverse("admin:projects_project_change", args=[project.pk]))
    parser = structure_of(response)
    assert_forms_work_in_a_browser(response)
    # The page does show workflow buttons for these roles and statuses (else the test proves nothing).
    if role != "editor_a" or status == "draft":
        assert parser.targets, "no workflow button on the page"


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:index",
        "admin:projects_project_changelist",
        "admin:projects_project_add",
        "admin:organisms_organism_changelist",
        "admin:projects_source_changelist",
    ],
)
def test_back_office_pages_have_no_nested_forms(client_for, url_name):
    assert_forms_work_in_a_browser(client_for("superuser").get(reverse(url_name)))


@pytest.mark.parametrize(
    "path", ["/", "/projets/", "/statistiques/comparer/", "/territoires/pres-de/", "/statistiques/"]
)
def test_public_pages_have_no_nested_forms(client, catalogue, path):
    assert_forms_work_in_a_browser(client.get(path, follow=True))
