"""Public pages: they render, never leak drafts, keep a constant number of queries, and survive bad input."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.models import Department, Region
from organisms.models import Organism
from projects.models import Project

pytestmark = pytest.mark.django_db


def test_project_list_shows_published_projects_with_count(client):
    response = client.get("/projets/")
    assert response.status_code == 200
    assert response.context["result_count"] == Project.objects.published().count()
    assert "Terra Arte" in response.content.decode()


def test_list_keeps_filters_in_pagination_links(client):
    response = client.get("/projets/", {"par_page": 12, "statut": ["psla", "plus", "plai"], "tri": "nom"})
    assert response.status_code == 200
    body = response.content.decode()
    assert response.context["result_count"] == 5
    assert "Groupe du 4 mars" in body
    response = client.get("/projets/", {"par_page": 12})
    body = response.content.decode()
    assert "page=2" in body and "par_page=12" in body


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=999999999999999999999",
        "annee_min=99999999999999999999999999",
        "logements_max=-5",
        "statut=%F0%9F%92%A5",
        "region=<script>",
        "tri=DROP TABLE",
        "par_page=100000",
        "q=" + "x" * 5000,
        "departement=" + "9" * 300,
    ],
)
def test_malformed_query_strings_never_give_a_server_error(client, query):
    response = client.get("/projets/?" + query)
    assert response.status_code in (200, 400, 404)


def test_nul_bytes_are_a_bad_request(client):
    assert client.get("/projets/?q=a%00b").status_code == 400


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "q",
                "region",
                "departement",
                "organisme",
                "famille_hlm",
                "statut",
                "categorie",
                "mode",
                "famille",
                "phase",
                "annee_min",
                "annee_max",
                "logements_min",
                "logements_max",
                "tri",
                "page",
                "par_page",
            ]
        ),
        st.one_of(st.text(max_size=40), st.integers(min_value=-(10**30), max_value=10**30).map(str)),
        max_size=6,
    )
)
def test_any_list_parameters_give_a_page_or_a_client_error(client, params):
    response = client.get("/projets/", params)
    assert response.status_code in (200, 400, 404)


def test_every_published_project_page_renders(client):
    for project in Project.objects.published():
        response = client.get(project.get_absolute_url())
        assert response.status_code == 200, project.slug
        assert project.name in response.content.decode()


def test_project_page_shows_tenure_chart_with_table_and_citation(client):
    body = client.get("/projets/terra-arte/").content.decode()
    assert "<svg" in body and 'role="img"' in body
    assert "<table" in body and "41" in body
    assert "Citer cette page" in body
    assert "Actes de la rencontre professionnelle" in body


def test_a_tenure_line_known_only_by_its_category_says_the_status_is_not_given(client):
    """Locus Solus: the source says "46 logements sociaux", not PLUS or PLAI."""
    body = client.get("/projets/locus-solus/").content.decode()
    row = body.split('<th scope="row">', 1)[1].split("</th>", 1)[0]
    assert "Locatif social" in row and "statut précis non donné par la source" in row
    assert row.count("Locatif social") == 1
    english = client.get("/en/projets/locus-solus/").content.decode()
    assert "exact status not given by the source" in english


def test_draft_project_pages_are_not_found(client):
    Project.objects.filter(slug="terra-arte").update(status="draft")
    assert client.get("/projets/terra-arte/").status_code == 404


def test_organism_pages_render(client):
    assert client.get("/organismes/").status_code == 200
    assert client.get("/organismes/?famille=COOP&region=nouvelle-aquitaine").status_code == 200
    for organism in Organism.objects.all():
        assert client.get(organism.get_absolute_url()).status_code == 200, organism.slug


def test_organism_page_totals_tenures_of_its_projects(client):
    response = client.get("/organismes/le-col/")
    totals = {row["status__short_name"]: row["homes"] for row in response.context["tenure_totals"]}
    assert totals == {"PSLA": 41, "VEFA": 1, "SCIAPP": 4}


def test_every_region_and_department_has_a_page(client):
    assert client.get("/territoires/").status_code == 200
    for region in Region.objects.all():
        assert client.get(region.get_absolute_url()).status_code == 200, region.slug
    for department in Department.objects.all():
        assert client.get(department.get_absolute_url()).status_code == 200, department.code


def test_puy_de_dome_page_offers_the_nearest_projects(client):
    department = Department.objects.get(code="63")
    response = client.get(department.get_absolute_url())
    body = response.content.decode()
    assert "Pas encore de projet" in body
    nearest = response.context["nearest"]["projects"]
    assert nearest and nearest[0].slug == "ilot-gerbert"  # Aurillac, Cantal
    distances = [p.distance_km for p in nearest]
    assert distances == sorted(distances)
    assert "Allier" in body  # neighbouring département


def test_searching_a_commune_without_project_offers_the_nearest_projects(client):
    response = client.get("/projets/", {"q": "clermont-ferrand"})
    assert response.context["result_count"] == 0
    body = response.content.decode()
    assert "Aucun projet à Clermont-Ferrand (63) même" in body
    nearest = response.context["place_suggestion"]["nearest"]
    assert nearest[0].slug == "ilot-gerbert" and len(nearest) == 5
    assert "/territoires/pres-de/?" in body and "commune=63113" in body
    # Several communes of that name: choose one.
    body = client.get("/projets/", {"q": "Clermont"}).content.decode()
    assert "plusieurs communes" in body and "commune=63113" in body and "commune=60157" in body
    # Words that are no commune's name keep the plain empty state.
    for words in ("zzz introuvable", "les", "750"):
        response = client.get("/projets/", {"q": words})
        assert response.status_code == 200 and not response.context.get("place_suggestion")


def test_a_region_without_project_offers_the_nearest_ones(client):
    response = client.get(Region.objects.get(slug="corse").get_absolute_url())
    body = response.content.decode()
    assert "Pas encore de projet publié en Corse" in body
    nearest = response.context["nearest"]
    assert nearest["from"].name == "Ajaccio" and len(nearest["projects"]) == 5
    distances = [project.distance_km for project in nearest["projects"]]
    assert distances == sorted(distances)
    assert "depuis Ajaccio" in body and nearest["projects"][0].name in body
    assert "commune=2A004" in body


def test_lists_in_a_sentence_are_punctuated_for_each_language(client):
    from projects.models import InterventionMode

    project = Project.objects.published().get(slug="terra-arte")
    project.intervention_modes.set(InterventionMode.objects.order_by("position")[:2])
    from django.utils.html import escape

    first, second = (escape(mode.name) for mode in InterventionMode.objects.order_by("position")[:2])
    assert f"{first} ; {second}" in client.get(project.get_absolute_url()).content.decode()
    english = client.get("/en" + project.get_absolute_url()).content.decode()
    assert f"{first}; {second}" in english


@pytest.mark.parametrize(
    "words, page",
    [
        ("puy-de-dome", "/territoires/departements/puy-de-dome/"),
        ("LOZÈRE", "/territoires/departements/lozere/"),
        ("48", "/territoires/departements/lozere/"),
        ("corse", "/territoires/regions/corse/"),
    ],
)
def test_searching_a_territory_without_project_links_to_its_page(client, words, page):
    response = client.get("/projets/", {"q": words})
    assert response.context["result_count"] == 0
    assert f'href="{page}"' in response.content.decode()
