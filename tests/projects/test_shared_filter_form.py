"""The project filters' form class is built once per process and language (projects.filters.shared);
what it accepts still follows the data, its labels the language, and what a request typed stays
with that request."""

import pytest
from django.http import QueryDict
from django.utils import translation

from geo.models import Region
from organisms.models import Organism
from projects.filters import ProjectFilter
from projects.filters.shared import built_for
from projects.models import Project, TenureCategory, TenureStatus

pytestmark = pytest.mark.django_db


def filterset(query: str) -> ProjectFilter:
    return ProjectFilter(QueryDict(query), queryset=Project.objects.published())


def test_the_form_class_and_its_fields_are_built_once_per_language(catalogue):
    with translation.override("fr"):
        first, second = filterset("statut=psla"), filterset("region=occitanie")
        assert first.get_form_class() is second.get_form_class()
        assert first.filters["statut"].field is second.filters["statut"].field  # not rebuilt
        french = first.get_form_class()
    with translation.override("en"):
        assert filterset("").get_form_class() is not french


def test_a_tenure_status_organism_or_region_added_after_the_form_was_built_is_a_valid_choice(catalogue):
    assert filterset("statut=psla").is_valid()  # the shared form is built
    TenureStatus.objects.create(
        code="brs-bis", short_name="BRS bis", name="Bail réel solidaire bis", category=TenureCategory.SOCIAL_OWNERSHIP
    )
    Organism.objects.create(name="Nouvel organisme", slug="nouvel-organisme")
    Region.objects.create(code="99", name="Région nouvelle", slug="region-nouvelle")
    added = filterset("statut=brs-bis&organisme=nouvel-organisme&region=region-nouvelle")
    assert added.is_valid(), added.form.errors
    assert [status.short_name for status in added.form.cleaned_data["statut"]] == ["BRS bis"]
    assert added.form.cleaned_data["region"].name == "Région nouvelle"


def test_a_deleted_tenure_status_is_no_longer_a_valid_choice(catalogue):
    TenureStatus.objects.create(code="ephemere", short_name="EPH", name="Éphémère", category=TenureCategory.FREE_MARKET)
    assert filterset("statut=ephemere").is_valid()
    TenureStatus.objects.filter(code="ephemere").delete()
    gone = filterset("statut=ephemere")
    assert not gone.is_valid()
    assert "statut" in gone.form.errors


def test_a_choice_read_by_one_request_is_not_kept_for_the_next(catalogue):
    first = filterset("")
    codes = {status.code for status in first.form.fields["statut"].queryset}  # evaluates this form's queryset
    TenureStatus.objects.create(code="tardif", short_name="TAR", name="Tardif", category=TenureCategory.FREE_MARKET)
    later = filterset("")
    assert later.form.fields["statut"].queryset is not first.form.fields["statut"].queryset
    assert {status.code for status in later.form.fields["statut"].queryset} == {*codes, "tardif"}


def test_labels_and_choices_follow_the_language_of_each_request(catalogue):
    with translation.override("en"):
        english = filterset("categorie=social_rental")
        assert str(english.form.fields["statut"].label) == "Tenure type"
        assert dict(english.form.fields["categorie"].choices)["social_rental"] == "Social rental"
    with translation.override("fr"):
        french = filterset("categorie=social_rental")
        assert str(french.form.fields["statut"].label) == "Statut d'occupation"
        assert dict(french.form.fields["categorie"].choices)["social_rental"] == "Locatif social"
        assert str(built_for(ProjectFilter).filters["statut"].label) == "Statut d'occupation"


def test_two_requests_with_different_filters_keep_their_own_values_and_errors(catalogue):
    searched = filterset("q=bordeaux&statut=psla&annee_min=2015")
    other = filterset("region=occitanie&annee_min=pas-un-nombre")
    plain = filterset("")
    for one in (searched, other, plain):
        one.form.is_valid()
    assert searched.form.cleaned_data["q"] == "bordeaux"
    assert [status.code for status in searched.form.cleaned_data["statut"]] == ["psla"]
    assert searched.form.cleaned_data["annee_min"] == 2015 and not searched.form.errors
    assert other.form.cleaned_data["q"] == "" and other.form.cleaned_data["region"].slug == "occitanie"
    assert set(other.form.errors) == {"annee_min"}
    assert plain.form.cleaned_data["q"] == "" and not plain.form.errors and plain.active_filters == []
    assert searched.form.fields is not other.form.fields
    assert searched.form["q"].value() == "bordeaux" and other.form["q"].value() is None


def test_each_filter_method_runs_on_its_own_filterset(catalogue):
    searched, other = filterset("q=bordeaux"), filterset("statut=psla")
    assert searched.filters["q"].parent is searched and other.filters["q"].parent is other
    assert built_for(ProjectFilter).filters["q"] is not searched.filters["q"]
    assert not hasattr(built_for(ProjectFilter).filters["q"], "parent")  # the shared one belongs to no request
    searched_slugs = set(searched.qs.values_list("slug", flat=True))
    assert searched.search_plan is not None and other.search_plan is None
    expected = set(
        ProjectFilter(QueryDict("q=bordeaux"), queryset=Project.objects.published()).qs.values_list("slug", flat=True)
    )
    assert searched_slugs == expected and searched_slugs
    assert set(other.qs.values_list("slug", flat=True)) == {
        "terra-arte",
        "les-voisins-du-quai",
        "coop-colette",
        "mascobado",
    }
