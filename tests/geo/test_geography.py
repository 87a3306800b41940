"""The official geography: 18 regions, 101 départements, current communes, postcodes, neighbours."""

import pytest
from django.core.management import call_command

from geo.models import Commune, Department, FormerRegion, Region

pytestmark = pytest.mark.django_db


def test_eighteen_regions_and_every_department_belongs_to_one():
    assert Region.objects.count() == 18
    assert Department.objects.count() == 101
    assert not Department.objects.filter(region=None).exists()
    codes = set(Department.objects.values_list("code", flat=True))
    assert {"2A", "2B", "971", "972", "973", "974", "976"} <= codes
    assert "20" not in codes


def test_commune_lookup_by_insee_code_gives_department_and_region():
    begles = Commune.objects.select_related("department__region").get(insee_code="33039")
    assert (begles.name, begles.department.code, begles.region.name) == ("Bègles", "33", "Nouvelle-Aquitaine")


@pytest.mark.parametrize(
    "postcode, name",
    [("63000", "Clermont-Ferrand"), ("69003", "Lyon"), ("75016", "Paris"), ("13008", "Marseille"), ("33130", "Bègles")],
)
def test_commune_lookup_by_postcode(postcode, name):
    assert Commune.objects.by_postcode(postcode).first().name == name


def test_bad_postcodes_find_nothing():
    assert not Commune.objects.by_postcode("6300").exists()
    assert not Commune.objects.by_postcode("abcde").exists()


@pytest.mark.parametrize(
    "typed, name",
    [("begles", "Bègles"), ("clermont ferrand", "Clermont-Ferrand"), ("SAINT-ETIENNE", "Saint-Étienne")],
)
def test_commune_search_ignores_accents_case_and_hyphens(typed, name):
    assert Commune.objects.search(typed).first().name == name


def test_coordinates_are_plausible():
    clermont = Commune.objects.get(insee_code="63113")
    assert abs(clermont.latitude - 45.78) < 0.05 and abs(clermont.longitude - 3.08) < 0.05
    reunion = Commune.objects.get(insee_code="97411")
    assert -21.5 < reunion.latitude < -20.8
    assert not Commune.objects.filter(latitude=None).exists()


def test_neighbours_are_symmetric_and_right_for_puy_de_dome():
    puy_de_dome = Department.objects.get(code="63")
    assert set(puy_de_dome.neighbours.values_list("code", flat=True)) == {"03", "15", "19", "23", "42", "43"}
    for department in Department.objects.prefetch_related("neighbours"):
        for other in department.neighbours.all():
            assert department in other.neighbours.all()
    assert not Department.objects.get(code="974").neighbours.exists()


def test_former_regions_map_to_current_ones():
    assert FormerRegion.objects.get(name="Aquitaine").region.name == "Nouvelle-Aquitaine"
    assert FormerRegion.objects.get(name="Nord-Pas-de-Calais").region.name == "Hauts-de-France"
    assert str(FormerRegion.objects.get(name="Alsace")) == "ex-Alsace"


def test_loading_geography_twice_changes_nothing(capsys):
    counts = (Region.objects.count(), Department.objects.count(), Commune.objects.count())
    call_command("load_geography")
    assert "0 changes" in capsys.readouterr().out
    assert counts == (Region.objects.count(), Department.objects.count(), Commune.objects.count())
