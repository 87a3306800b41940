"""The list's model choices are validated from this process's copy of their table, per catalogue
version (projects/filters/choices.py): the same values and errors as Django's fields, no query,
and a change of the table is seen at once."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from organisms.models import Organism
from projects.filters import ProjectFilter
from projects.models import Project, TenureCategory, TenureStatus
from tests.factories import OrganismFactory

pytestmark = pytest.mark.django_db


def cleaned(query: str) -> tuple[dict, dict]:
    filterset = ProjectFilter(QueryDict(query), queryset=Project.objects.published())
    return filterset.cleaned_data, {name: list(errors) for name, errors in filterset.form.errors.items()}


def test_valid_choices_are_the_instances_in_the_table_s_order(catalogue):
    data, errors = cleaned("region=occitanie&statut=psla&statut=plus&departement=33&departement=31")
    assert errors == {}
    assert data["region"].slug == "occitanie"
    assert [status.code for status in data["statut"]] == list(
        TenureStatus.objects.filter(code__in=["psla", "plus"]).values_list("code", flat=True)
    )
    assert [department.code for department in data["departement"]] == ["31", "33"]


def test_unknown_choices_are_the_form_s_errors_in_django_s_words(catalogue):
    data, errors = cleaned("region=atlantide&statut=psla&statut=nimporte&organisme=personne")
    assert "region" not in data and "statut" not in data and "organisme" not in data
    assert errors["region"] == ["Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."]
    assert errors["statut"] == ["Sélectionnez un choix valide. nimporte n’en fait pas partie."]
    assert errors["organisme"] == ["Sélectionnez un choix valide. personne n’en fait pas partie."]


def test_a_page_of_filters_validates_without_a_query_once_its_tables_are_read(catalogue):
    cleaned("region=occitanie&statut=psla&departement=33&mode=partnership")  # the tables, read once
    with CaptureQueriesContext(connection) as queries:
        data, errors = cleaned("region=bretagne&statut=plus&statut=plai&departement=35&mode=partnership")
    assert errors == {} and data["region"].slug == "bretagne"
    assert [query["sql"] for query in queries if "catalogueversion" not in query["sql"]] == []


def test_a_new_choice_is_valid_at_once_and_a_deleted_one_is_not(catalogue):
    assert "organisme" in cleaned("organisme=nouvel-organisme")[1]
    organism = OrganismFactory(slug="nouvel-organisme")
    TenureStatus.objects.create(
        code="nouveau", short_name="Nouveau", name="Nouveau", category=TenureCategory.COOPERATIVE
    )
    data, errors = cleaned("organisme=nouvel-organisme&statut=nouveau")
    assert errors == {} and [item.pk for item in data["organisme"]] == [organism.pk]
    Organism.objects.filter(pk=organism.pk).delete()
    assert "organisme" in cleaned("organisme=nouvel-organisme")[1]


def test_each_filterset_gets_its_own_copies_of_the_instances(catalogue):
    first, _ = cleaned("region=occitanie")
    first["region"].name = "changed by one request"
    second, _ = cleaned("region=occitanie")
    assert second["region"].name == "Occitanie"
