"""Commune → zone 1/2/3 (social rental) and A bis/A/B1/B2/C (PSLA, BRS)."""

import json
from pathlib import Path

import pytest

from eligibility.zones import abc_zone, rental_zone
from geo.models import Commune

NEIGHBOURS = json.loads(
    (Path(__file__).resolve().parents[2] / "eligibility" / "data" / "paris_neighbours.json").read_text()
)["communes"]

# Every commune of the seed catalogue (fixtures/projects.json): zone 1/2/3 and A/B/C zone.
SEED = {
    "69123": ("3", "A"),  # Lyon
    "64102": ("3", "B1"),  # Bayonne
    "59350": ("3", "A"),  # Lille
    "33063": ("3", "A"),  # Bordeaux
    "94081": ("2", "A"),  # Vitry-sur-Seine: Île-de-France, not a neighbour of Paris
    "67482": ("3", "A"),  # Strasbourg
    "33039": ("3", "B1"),  # Bègles
    "34172": ("3", "A"),  # Montpellier
    "31044": ("3", "B1"),  # Balma
    "93048": ("1", "Abis"),  # Montreuil: a neighbour of Paris
    "49007": ("3", "B1"),  # Angers
    "74309": ("3", "A"),  # Viry (Genevois)
    "69266": ("3", "A"),  # Villeurbanne
    "15014": ("3", "C"),  # Aurillac
    "81070": ("3", "C"),  # Coufouleux
    "31555": ("3", "A"),  # Toulouse
    "35238": ("3", "A"),  # Rennes
}


def _commune(code):
    return Commune.objects.select_related("department__region").get(insee_code=code)


@pytest.mark.django_db
def test_every_seed_catalogue_commune_is_covered():
    from projects.models import Project

    seeded = set(Project.objects.exclude(commune=None).values_list("commune__insee_code", flat=True))
    assert seeded <= set(SEED)


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "zones"), SEED.items())
def test_seed_commune_zones(code, zones):
    commune = _commune(code)
    assert (rental_zone(commune), abc_zone(commune)) == zones


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "name"), NEIGHBOURS.items())
def test_each_neighbour_of_paris_is_in_zone_1(code, name):
    commune = _commune(code)
    assert commune.name == name
    assert rental_zone(commune) == "1"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "zone"),
    [("75056", "1"), ("94003", "2"), ("92050", "2"), ("93064", "2"), ("78646", "2"), ("13055", "3")],
)
def test_paris_is_zone_1_the_rest_of_ile_de_france_zone_2_elsewhere_zone_3(code, zone):
    # Arcueil, Nanterre, Rosny-sous-Bois (close but not neighbours), Versailles, Marseille.
    assert rental_zone(_commune(code)) == zone


@pytest.mark.django_db
def test_overseas_communes_have_no_zone():
    commune = _commune("97411")
    assert rental_zone(commune) is None and abc_zone(commune) is None
