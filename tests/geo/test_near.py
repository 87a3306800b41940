"""Distances in SQL, and the "near a place" page (/territoires/pres-de/)."""

import math

import pytest
from django.utils import timezone

from geo.distance import distance_expression, within_radius
from geo.models import Commune
from projects.models import Project, PublicationStatus

pytestmark = pytest.mark.django_db

NEAR_URL = "/territoires/pres-de/"
SUGGEST_URL = "/territoires/communes.json"
REFERENCES = ("75056", "63113", "13055")  # Paris, Clermont-Ferrand, Marseille


def great_circle_km(lat1, lon1, lat2, lon2):
    """Independent haversine (not geo.distance): mean Earth radius 6371.0 km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.atan2(math.sqrt(h), math.sqrt(1 - h))


# --- Distances in the ORM --------------------------------------------------------------------


@pytest.mark.parametrize("reference_code", REFERENCES)
def test_orm_distances_match_an_independent_haversine(reference_code):
    reference = Commune.objects.get(insee_code=reference_code)
    communes = Commune.objects.filter(projects__status=PublicationStatus.PUBLISHED).distinct()
    rows = list(communes.annotate(distance_km=distance_expression(reference.latitude, reference.longitude)))
    assert len(rows) >= 15
    for commune in rows:
        expected = great_circle_km(reference.latitude, reference.longitude, commune.latitude, commune.longitude)
        assert abs(commune.distance_km - expected) < 1, (commune, commune.distance_km, expected)


@pytest.mark.parametrize("reference_code", REFERENCES)
def test_within_radius_keeps_exactly_the_projects_inside(reference_code):
    reference = Commune.objects.get(insee_code=reference_code)
    projects = Project.objects.published().select_related("commune")
    for radius in (50, 300, 700):
        found = list(within_radius(projects, reference.latitude, reference.longitude, radius, prefix="commune__"))
        expected = {
            p.slug
            for p in projects
            if p.commune_id
            and great_circle_km(reference.latitude, reference.longitude, p.commune.latitude, p.commune.longitude)
            <= radius - 1
        }
        assert expected <= {p.slug for p in found}
        distances = [p.distance_km for p in found]
        assert distances == sorted(distances) and all(d <= radius for d in distances)
        for project in found:
            independent = great_circle_km(
                reference.latitude, reference.longitude, project.commune.latitude, project.commune.longitude
            )
            assert abs(project.distance_km - independent) < 1


# --- The page ------------------------------------------------------------------------------


@pytest.mark.parametrize("lieu", ["Clermont-Ferrand", "clermont ferrand", "CLERMONT-FERRAND", "63000", "clermont f"])
def test_clermont_lists_ilot_gerbert_first_with_its_distance(client, lieu):
    response = client.get(NEAR_URL, {"lieu": lieu, "rayon": 200})
    assert response.status_code == 200
    place = response.context["place"]
    assert place.found and place.commune.insee_code == "63113"
    results = response.context["results"]
    assert results and results[0].slug == "ilot-gerbert"
    clermont, aurillac = place.commune, results[0].commune
    expected = great_circle_km(clermont.latitude, clermont.longitude, aurillac.latitude, aurillac.longitude)
    assert abs(results[0].distance_km - expected) < 1
    body = response.content.decode()
    assert "Îlot Gerbert" in body
    shown = f"{results[0].distance_km:.1f}".replace(".", ",") + " km"
    assert shown in body
    assert body.index("Îlot Gerbert") < body.index("Groupe du 4 mars") if "Groupe du 4 mars" in body else True


def test_no_project_within_radius_shows_the_nearest_anyway(client):
    response = client.get(NEAR_URL, {"lieu": "Clermont-Ferrand", "rayon": 10})
    assert response.status_code == 200
    assert response.context["results"] == []
    nearest = response.context["nearest"]
    assert len(nearest) == 5 and nearest[0].slug == "ilot-gerbert"
    body = response.content.decode()
    assert "Aucun projet à moins de 10 km de Clermont-Ferrand" in body
    assert "Îlot Gerbert" in body


def test_saint_denis_is_ambiguous(client):
    response = client.get(NEAR_URL, {"lieu": "Saint-Denis", "rayon": 50})
    assert response.status_code == 200
    place = response.context["place"]
    assert place.ambiguous
    codes = {candidate.department.code for candidate in place.candidates}
    assert {"93", "974"} <= codes
    body = response.content.decode()
    assert "commune=93066" in body and "commune=97411" in body
    # Choosing a candidate (the link keeps the other parameters) gives a result page.
    reunion = Commune.objects.get(insee_code="97411")
    reunion.latitude, reunion.longitude = -20.8823, 55.4504  # set here: the reference data may lack them
    reunion.save(update_fields=["latitude", "longitude"])
    chosen = client.get(NEAR_URL, {"lieu": "Saint-Denis", "rayon": 50, "commune": "97411"})
    assert chosen.context["place"].commune.insee_code == "97411"
    assert "Aucun projet à moins de 50 km de Saint-Denis (974)" in chosen.content.decode()
    assert len(chosen.context["nearest"]) == 5
    # The département in brackets, as the suggestions write it, also disambiguates.
    direct = client.get(NEAR_URL, {"lieu": "Saint-Denis (93)", "rayon": 50})
    assert direct.context["place"].commune.insee_code == "93066"
    assert direct.context["results"][0].commune.department.code in {"93", "94"}


def test_commune_without_coordinates_says_so(client):
    commune = Commune.objects.get(insee_code="97411")
    commune.latitude = commune.longitude = None
    commune.save(update_fields=["latitude", "longitude"])
    response = client.get(NEAR_URL, {"commune": "97411"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "ne sont pas connues" in body and "/territoires/departements/la-reunion/" in body


def test_unknown_place_gets_a_helpful_message(client):
    response = client.get(NEAR_URL, {"lieu": "Zzyzx-sur-Mer", "rayon": 50})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Aucune commune trouvée pour « Zzyzx-sur-Mer »" in body
    assert "code postal" in body and "orthographe" in body
    assert 'name="lieu"' in body
    unknown_postcode = client.get(NEAR_URL, {"lieu": "00000"})
    assert "Aucune commune trouvée" in unknown_postcode.content.decode()
    unknown_insee = client.get(NEAR_URL, {"commune": "99999"})
    assert unknown_insee.status_code == 200 and "Commune inconnue" in unknown_insee.content.decode()


def test_empty_form_is_an_invitation(client):
    response = client.get(NEAR_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="lieu"' in body and 'name="rayon"' in body
    assert '<option value="50" selected>' in body
    assert "commune-autocomplete.js" in body and "<script>" not in body


def test_postcode_shared_by_several_communes_lists_them(client):
    shared = next(code for code, n in _postcode_counts().items() if n > 1)
    response = client.get(NEAR_URL, {"lieu": shared})
    assert response.context["place"].ambiguous


def _postcode_counts():
    counts = {}
    for postcodes in Commune.objects.filter(department__code="01").values_list("postcodes", flat=True):
        for code in postcodes.split():
            counts[code] = counts.get(code, 0) + 1
    return counts


def test_filters_are_passed_through(client):
    response = client.get(NEAR_URL, {"lieu": "Paris", "rayon": 1000, "statut": "psla"})
    expected = set(
        Project.objects.published()
        .filter(tenure_lines__status__code="psla")
        .exclude(commune=None)
        .values_list("slug", flat=True)
    )
    assert {p.slug for p in response.context["results"]} == expected
    body = response.content.decode()
    assert '<input type="hidden" name="statut" value="psla">' in body
    assert "Chercher sans ces filtres" in body


def test_query_count_does_not_depend_on_radius(client, django_assert_max_num_queries):
    # Paris: 2 projects within 50 km, all 18 within 1000 km.
    with django_assert_max_num_queries(12) as small:
        response = client.get(NEAR_URL, {"lieu": "Paris", "rayon": 50})
    assert len(response.context["results"]) == 2
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(NEAR_URL, {"lieu": "Paris", "rayon": 1000})
    assert len(response.context["results"]) == 18
    # Clermont-Ferrand: nothing within 50 km (falls back to the 5 nearest), all within 1000 km.
    with django_assert_max_num_queries(len(small.captured_queries) + 2):
        client.get(NEAR_URL, {"lieu": "Clermont-Ferrand", "rayon": 50})
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(NEAR_URL, {"lieu": "Clermont-Ferrand", "rayon": 1000})


@pytest.mark.parametrize(
    "params",
    [
        {"lieu": "Paris", "rayon": "99999999999999999999999"},
        {"lieu": "Paris", "rayon": "-5"},
        {"lieu": "Paris", "rayon": "abc"},
        {"lieu": "x" * 5000},
        {"lieu": "a"},
        {"lieu": "!!!"},
        {"lieu": "123"},
        {"commune": "<script>"},
        {"commune": "9" * 300},
        {"lieu": "Paris", "statut": "%F0%9F%92%A5"},
        {"lieu": "\u202e\u0301\ufeff"},
    ],
)
def test_bad_input_is_a_form_error_never_a_server_error(client, params):
    response = client.get(NEAR_URL, params)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="lieu"' in body
    if "statut" not in params:
        assert response.context["form"].errors
        assert 'aria-invalid="true"' in body


def test_nul_bytes_never_reach_the_database(client):
    assert client.get(NEAR_URL + "?lieu=Pa%00ris").status_code in (200, 400)
    assert client.get(SUGGEST_URL + "?q=Pa%00ris").status_code in (200, 400)


def test_projects_in_the_same_commune_are_at_distance_zero(client):
    response = client.get(NEAR_URL, {"lieu": "Rennes", "rayon": 10})
    results = response.context["results"]
    assert {p.slug for p in results} == {"urban-grey", "casalma"}
    assert all(p.distance_km < 0.01 for p in results)


def test_drafts_are_never_listed(client):
    Project.objects.create(
        name="Brouillon auvergnat", slug="brouillon-auvergnat", commune=Commune.objects.get(insee_code="63113")
    )
    Project.objects.create(
        name="Publié auvergnat",
        slug="publie-auvergnat",
        commune=Commune.objects.get(insee_code="63113"),
        status=PublicationStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    response = client.get(NEAR_URL, {"lieu": "63000", "rayon": 10})
    assert [p.slug for p in response.context["results"]] == ["publie-auvergnat"]


# --- Suggestions (optional enhancement) ----------------------------------------------------


def test_suggestions_are_normalised_prefix_matches(client):
    data = client.get(SUGGEST_URL, {"q": "clermont f"}).json()
    assert data["results"][0]["insee"] == "63113"
    assert data["results"][0]["label"] == "Clermont-Ferrand (63)"
    many = client.get(SUGGEST_URL, {"q": "saint"}).json()["results"]
    assert len(many) == 10
    assert client.get(SUGGEST_URL, {"q": "63000"}).json()["results"][0]["insee"] == "63113"
    for bad in ("", "a", "x" * 5000, "%%%"):
        response = client.get(SUGGEST_URL, {"q": bad})
        assert response.status_code == 200 and response.json()["results"] == []


def test_clermont_alone_offers_clermont_ferrand_among_the_communes_of_that_name(client):
    response = client.get(NEAR_URL, {"lieu": "clermont"})
    place = response.context["place"]
    assert place.ambiguous
    names = [candidate.name for candidate in place.candidates]
    assert names[0] == "Clermont" and "Clermont-Ferrand" in names
    assert "commune=63113" in response.content.decode()
    # The suggestions, too, whatever the case and accents.
    for typed in ("Clermont", "CLERMONT", "clérmont"):
        labels = [row["label"] for row in client.get(SUGGEST_URL, {"q": typed}).json()["results"]]
        assert "Clermont-Ferrand (63)" in labels, typed


def test_filters_in_words_are_punctuated_for_each_language(client):
    params = {"lieu": "Paris", "rayon": 1000, "statut": ["psla", "plai"], "annee_min": 2010}
    french = " ".join(client.get(NEAR_URL, params).content.decode().split())
    assert "PSLA, PLAI ; " in french or "PLAI, PSLA ; " in french
    assert " : 2010" in french
    english = " ".join(client.get("/en" + NEAR_URL, params).content.decode().split())
    assert "List filters applied:" in english
    assert " ; " not in english and " : " not in english.split("List filters applied:")[1].split("</p>")[0]
    assert "; " in english.split("List filters applied:")[1].split("</p>")[0]
