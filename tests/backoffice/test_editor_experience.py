"""What an editor meets: French, help on every field, autocompletes, errors next to the field."""

import pytest
from django.urls import reverse

from backoffice.admin.projects import ProjectAdmin
from projects.models import Project

from .helpers import form_data

pytestmark = pytest.mark.django_db

EDITED_MODELS = [Project] + [inline.model for inline in ProjectAdmin.inlines if inline.model.__name__ != "Photo"]


@pytest.mark.parametrize("model", EDITED_MODELS, ids=lambda model: model.__name__)
def test_every_field_editors_fill_in_has_a_plain_words_help_text(model):
    missing = [
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "editable", False)
        and not field.auto_created
        and field.name not in {"project", "search_document", "search_names", "created_at", "updated_at"}
        and not (field.many_to_many and not field.remote_field.through._meta.auto_created)  # edited as inlines
        and not getattr(field, "help_text", "")
    ]
    assert missing == [], f"{model.__name__}: {missing}"


def test_help_texts_explain_the_jargon(client_for, project_a):
    page = client_for("editor_a").get(reverse("admin:projects_project_change", args=[project_a.pk])).content.decode()
    for words in ["location-accession", "bail réel solidaire", "surface habitable", "fin 2019"]:
        assert words in page, words


def test_the_admin_speaks_french(client_for):
    page = client_for("editor_a").get(reverse("admin:index")).content.decode()
    assert '<html lang="fr"' in page and "Tableau de bord" in page and "Mes brouillons" in page


@pytest.mark.parametrize(
    "model_name, field_name, term, expected",
    [
        ("project", "commune", "bordeaux", "Bordeaux"),
        ("projectactor", "organism", "bayonne", "Ville de Bayonne"),
        ("projectsource", "source", "actes", "Actes"),
        ("tenureline", "source", "hab", "Hab"),
    ],
)
def test_editors_autocompletes_answer(client_for, model_name, field_name, term, expected):
    response = client_for("editor_a").get(
        reverse("admin:autocomplete"),
        {"app_label": "projects", "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    assert any(expected in row["text"] for row in response.json()["results"])


def test_an_inline_error_is_shown_on_its_row(client_for, project_a):
    editor = client_for("editor_a")
    url = reverse("admin:projects_project_change", args=[project_a.pk])
    data = form_data(editor.get(url), "project_form", {"tenure_lines-TOTAL_FORMS": "1"})
    data.update({"tenure_lines-0-category": ["social_rental"], "tenure_lines-0-homes": ["0"]})
    response = editor.post(url, data)
    assert response.status_code == 200
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "tenure_lines")
    assert formset.formset.forms[0].errors  # on the line itself, shown next to its fields
    assert "errorlist" in response.content.decode()


def test_every_input_of_the_table_inlines_has_an_accessible_name(client_for, project_a, plus):
    """Rows of tenure lines, actors…: column headers alone name nothing for a screen reader."""
    from html.parser import HTMLParser

    from projects.models import TenureLine

    TenureLine.objects.create(project=project_a, status=plus, homes=4)

    class Inputs(HTMLParser):
        unnamed, named = [], {}

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            name = attrs.get("name") or ""
            if (
                tag in {"input", "select", "textarea"}
                and attrs.get("type") != "hidden"
                and name.startswith(("tenure_lines-", "actors-", "milestones-"))
            ):
                if "__prefix__" in name:
                    return
                if not attrs.get("aria-label"):
                    self.unnamed.append(name)
                self.named[name] = attrs.get("aria-label")

    parser = Inputs()
    parser.feed(
        client_for("moderator").get(reverse("admin:projects_project_change", args=[project_a.pk])).content.decode()
    )
    assert parser.unnamed == []
    assert parser.named["tenure_lines-0-homes"] == "Nombre de logements, ligne 1"
    assert parser.named["tenure_lines-0-DELETE"] == "Supprimer, ligne 1"
    assert parser.named["actors-0-organism"] == "Organisme, ligne 1"
