"""Every documented parameter of /api/v1/projets/ does what ProjectFilter does; bad input is a 400."""

import datetime
import itertools
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from geo.models import Department, Region
from organisms.models import Organism
from projects.filters import ProjectFilter
from projects.models import InterventionMode, Project, TenureStatus
from tests.factories import ProjectOpeningFactory

pytestmark = pytest.mark.django_db

PAGINATION = {"page", "page_size"}


@pytest.fixture(scope="module")
def project_list_parameters(django_db_setup, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        schema = Client().get("/api/schema/?format=json").json()
    return {parameter["name"]: parameter for parameter in schema["paths"]["/api/v1/projets/"]["get"]["parameters"]}


def sample_values(name, parameter):
    """Valid values for a documented parameter: every enum value, else values from the data."""
    schema = parameter["schema"]
    enum = schema.get("enum") or schema.get("items", {}).get("enum")
    if enum:
        return list(enum)
    from_data = {
        "q": lambda: ["begles", "PSLA", "cooperative", "habitat participatif", "lyon", "le col", "Bègles"],
        "region": lambda: list(Region.objects.values_list("slug", flat=True)),
        "departement": lambda: ["33", "64", "69", "75", "59", "2A", "974", "01"],
        "organisme": lambda: list(Organism.objects.values_list("slug", flat=True)),
        "statut": lambda: list(TenureStatus.objects.values_list("code", flat=True)),
        "mode": lambda: list(InterventionMode.objects.values_list("code", flat=True)),
        "annee_min": lambda: [1900, 1990, 2015, 2016, 2017, 2020, 2100],
        "annee_max": lambda: [1900, 1990, 2015, 2016, 2017, 2020, 2100],
        "logements_min": lambda: [0, 1, 10, 20, 24, 40, 100_000],
        "logements_max": lambda: [0, 1, 10, 20, 24, 40, 100_000],
    }
    assert name in from_data, f"add sample values for the new parameter {name!r}"
    return from_data[name]()


def expected_slugs(query):
    return list(ProjectFilter(QueryDict(query), queryset=Project.objects.published()).qs.values_list("slug", flat=True))


def api_slugs(client, query):
    response = client.get(f"/api/v1/projets/?page_size=200&{query}")
    assert response.status_code == 200, (query, response.content)
    body = response.json()
    assert body["count"] == len(body["results"])
    return [item["slug"] for item in body["results"]]


def test_schema_documents_exactly_the_project_filter_parameters(project_list_parameters):
    assert set(project_list_parameters) == set(ProjectFilter.base_filters) | PAGINATION


def test_parameter_types_in_schema(project_list_parameters):
    p = project_list_parameters
    for name in ("annee_min", "annee_max", "logements_min", "logements_max", "page", "page_size"):
        assert p[name]["schema"]["type"] == "integer", name
    assert (p["annee_min"]["schema"]["minimum"], p["annee_min"]["schema"]["maximum"]) == (1900, 2100)
    assert p["page_size"]["schema"]["maximum"] == 200
    for name in ("departement", "organisme", "statut", "mode", "famille", "famille_hlm", "categorie", "phase"):
        assert p[name]["schema"]["type"] == "array" and p[name]["explode"] is True, name
    for name in ("q", "region", "tri"):
        assert p[name]["schema"]["type"] == "string", name
    assert all(parameter.get("description") for parameter in p.values())


def test_every_documented_parameter_is_honoured(client, catalogue, project_list_parameters):
    # The seed documents say nothing of recruitment: two openings (one current, one stale) let the
    # « ouverture » samples select something.
    ProjectOpeningFactory(project=Project.objects.get(slug="terra-arte"))
    ProjectOpeningFactory(project=Project.objects.get(slug="mascobado"), as_of=datetime.date(2020, 1, 1))
    checked = 0
    for name, parameter in project_list_parameters.items():
        if name in PAGINATION:
            continue
        values = sample_values(name, parameter)
        queries = [urlencode({name: value}) for value in values]
        if parameter["schema"]["type"] == "array":  # repeated parameter: any of the values
            queries += [urlencode([(name, a), (name, b)]) for a, b in itertools.combinations(values[:4], 2)]
        nonempty = 0
        for query in queries:
            expected = expected_slugs(query)
            got = api_slugs(client, query)
            if name == "tri":
                assert got == expected, query
            assert set(got) == set(expected), query
            nonempty += bool(expected)
            checked += 1
        # The samples must exercise the filter, not only return nothing.
        assert nonempty, f"no sample value of {name!r} matches a project"
    assert checked > 100


@pytest.mark.parametrize(
    "query",
    [
        "statut=psla&region=hauts-de-france",
        "q=habitat&tri=-livraison",
        "famille_hlm=OPH&annee_min=2010&annee_max=2020",
        "departement=33&departement=64&logements_min=40",
        "categorie=social_rental&mode=solicitation",
    ],
)
def test_combined_parameters_match_the_filterset_in_order(client, catalogue, query):
    assert api_slugs(client, query) == expected_slugs(query)


@pytest.mark.parametrize(
    "query, bad",
    [
        ("statut=nope", {"statut"}),
        ("region=atlantis", {"region"}),
        ("departement=99", {"departement"}),
        ("organisme=inconnu", {"organisme"}),
        ("famille_hlm=XYZ", {"famille_hlm"}),
        ("categorie=castle", {"categorie"}),
        ("mode=telepathy", {"mode"}),
        ("famille=other", {"famille"}),
        ("phase=dreaming", {"phase"}),
        ("tri=DROP TABLE", {"tri"}),
        ("annee_min=abc", {"annee_min"}),
        ("annee_min=1800", {"annee_min"}),
        ("annee_max=99999999999999999999999999", {"annee_max"}),
        ("logements_min=-5", {"logements_min"}),
        ("logements_max=1e9", {"logements_max"}),
        ("q=" + "x" * 201, {"q"}),
        ("page=abc", {"page"}),
        ("page=0", {"page"}),
        ("page=-1", {"page"}),
        ("page_size=0", {"page_size"}),
        ("page_size=abc", {"page_size"}),
        ("page_size=10000", {"page_size"}),
        ("page_size=" + "9" * 5000, {"page_size"}),
        ("statut=nope&annee_min=abc&region=atlantis&page_size=0", {"statut", "annee_min", "region", "page_size"}),
    ],
)
def test_invalid_parameters_are_a_400_naming_each_parameter(client, catalogue, query, bad):
    response = client.get("/api/v1/projets/?" + query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"errors"}
    assert set(body["errors"]) == bad
    assert all(isinstance(messages, list) and messages for messages in body["errors"].values())
    assert "Cache-Control" not in response or "public" not in response["Cache-Control"]


@pytest.mark.parametrize("query", ["page=2", "page=99", "page=" + "9" * 200, "statut=sciapp&page=2"])
def test_a_page_past_the_end_is_a_json_404(client, catalogue, query):
    response = client.get("/api/v1/projets/?" + query)
    assert response.status_code == 404
    assert set(response.json()["errors"]) == {"page"}


def test_an_empty_result_still_has_a_first_page(client, catalogue):
    response = client.get("/api/v1/projets/?q=zzzzzz&page=1")
    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize(
    "query",
    [
        "q=a%00b",
        "statut=%00",
        "statut=%F0%9F%92%A5",
        "region=<script>",
        "departement=" + "9" * 300,
        "organisme=" + "x" * 5000,
        "annee_min=1e400",
        "logements_min=NaN",
        "q=%FF%FE",
        "page_size=1.5",
        "unknown=1",
        "format=xml",
    ],
)
def test_hostile_query_strings_never_give_a_server_error(client, catalogue, query):
    response = client.get("/api/v1/projets/?" + query)
    assert response.status_code in (200, 400, 404)


def test_nul_bytes_are_a_bad_request(client, catalogue):
    assert client.get("/api/v1/projets/?q=a%00b").status_code == 400
    assert client.get("/api/v1/organismes/?type=%00").status_code == 400


def test_unknown_addresses_under_the_api_are_json_404s(client, catalogue):
    for url in (
        "/api/v1/projets/inconnu/",
        "/api/v1/organismes/inconnu/",
        "/api/v1/statuts/inconnu/",
        "/api/v1/territoires/regions/00/",
        "/api/v1/territoires/departements/XX/",
        "/api/v1/nulle-part/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json"), url
        assert response.json()["errors"]["detail"], url


def test_only_reading_is_allowed(client, catalogue):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/projets/terra-arte/", content_type="application/json", data={})
        assert response.status_code == 405, method
        assert response.json()["errors"]["detail"]
    assert Project.objects.filter(slug="terra-arte").exists()


def test_schema_lists_regions_and_departments_that_exist(catalogue):
    # The sample values above come from the data; make sure the data is there.
    assert Region.objects.count() == 18 and Department.objects.filter(code__in=["2A", "974"]).count() == 2
