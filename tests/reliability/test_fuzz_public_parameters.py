"""Fuzzing every public query parameter: whatever a visitor types, no 5xx.

The parameters are read from the FilterSets and forms the views use (``ProjectFilter``,
``OrganismFilter``, ``NearForm``, ``CsvOptionsForm``, the API pagination), so a new filter is
fuzzed without touching this file. Values mix valid ones (read from the database: real
slugs, codes, choices), edge values (bounds ± 1, huge and negative numbers, floats, NaN),
and hostile text (unicode, NUL, invalid UTF-8, very long strings, SQL and HTML fragments);
keys may repeat and unknown keys are added.

One test per surface family; each example picks one address of its family. The number of
examples comes from the Hypothesis profile (tests/conftest.py): quick locally, 1,000 per
family with ``CI=true``.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import quote, quote_from_bytes

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.pagination import ApiPagination
from geo.models import Commune
from opendata.views import CsvOptionsForm
from projects.filters import OrganismFilter, ProjectFilter
from projects.models import Project
from public.forms import NearForm
from stats.charts import CHART_BUILDERS

pytestmark = pytest.mark.django_db

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

ALLOWED_STATUSES = {200, 301, 302, 400, 404}

HOSTILE_TEXT = [
    "",
    " ",
    "' OR 1=1 --",
    '"; DROP TABLE projects_project; --',
    "%",
    "_",
    "\\",
    "%%%",
    "*",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}",
    "${7*7}",
    "../../etc/passwd",
    "\x00",
    "a\x00b",
    "\u202e\u0301\ufeff",
    "🏠👪",
    "ß" * 300,
    "x" * 5000,
    "2023-02-30",
    "0000-00-00",
    "9999-99-99T99:99",
    "91.5",
    "-181",
    "1e309",
    "-1e309",
    "nan",
    "inf",
    "-0.0",
    "1.5",
    "0x1F",
    "１２３",  # full-width digits
    str(10**30),
    str(-(10**30)),
    "-1",
    "0",
    "true",
    "null",
    "[]",
    "{}",
]
INVALID_UTF8 = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"caf\xe9"]


def hostile_values():
    """Bytes: edge and hostile text, any unicode, numbers of any size, invalid UTF-8."""
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT).map(str.encode),
        st.text(max_size=60).map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.integers(min_value=-(10**40), max_value=10**40).map(lambda n: str(n).encode()),
        st.floats(allow_nan=True, allow_infinity=True).map(lambda x: repr(x).encode()),
        st.sampled_from(INVALID_UTF8),
        st.binary(max_size=20),
    )


def field_values(form_field):
    """Valid and edge values for one form field, read from the field itself (and the database)."""
    samples = []
    if isinstance(form_field, forms.ModelChoiceField):  # and ModelMultipleChoiceField
        attribute = form_field.to_field_name or "pk"
        samples = [str(value) for value in form_field.queryset.values_list(attribute, flat=True)[:200]]
        if samples:
            return st.sampled_from(samples).map(str.encode)
    elif isinstance(form_field, forms.ChoiceField):
        samples = [str(value) for value, _label in form_field.choices if value not in ("", None)]
        if samples:
            return st.sampled_from(samples).map(str.encode)
    elif isinstance(form_field, forms.IntegerField):
        low = form_field.min_value if form_field.min_value is not None else -1000
        high = form_field.max_value if form_field.max_value is not None else 1000
        return st.integers(min_value=low - 2, max_value=high + 2).map(lambda n: str(n).encode())
    elif isinstance(form_field, forms.RegexField):  # INSEE codes of the near-me page
        return st.sampled_from(list(Commune.objects.values_list("insee_code", flat=True)[:300])).map(str.encode)
    # Free text: words that match real projects and communes.
    words = ["begles", "Bordeaux", "PSLA", "coop", "habitat", "Villeurbanne", "33000", "Saint-Denis (974)", "Le COL"]
    return st.sampled_from(words).map(str.encode)


@dataclass
class Parameter:
    name: str
    valid: st.SearchStrategy

    @classmethod
    def from_fields(cls, fields):
        return [cls(name, field_values(form_field)) for name, form_field in fields.items()]


@dataclass
class Family:
    """Addresses sharing the same parameters."""

    paths: list
    parameters: list
    api: bool = False
    extra_names: list = field(default_factory=list)


def project_filter_parameters():
    return Parameter.from_fields(ProjectFilter(queryset=Project.objects.none()).form.fields)


def families():
    projects = project_filter_parameters()
    pagination = Parameter.from_fields(ApiPagination()._fields())
    list_paging = [
        Parameter("page", st.integers(min_value=-2, max_value=5).map(lambda n: str(n).encode())),
        Parameter("par_page", st.sampled_from([b"12", b"24", b"48", b"96", b"0", b"-1", b"1000"])),
    ]
    slugs = list(Project.objects.published().values_list("slug", flat=True))
    hidden = list(Project.objects.exclude(pk__in=Project.objects.published()).values_list("slug", flat=True))
    return {
        "list": Family(["/projets/"], projects + list_paging),
        "map": Family(["/territoires/carte/", "/carte/"], projects),
        "near": Family(["/territoires/pres-de/"], Parameter.from_fields(NearForm.base_fields) + projects),
        "exports": Family(
            ["/projets/export.csv", "/projets/export.json", "/projets/export.geojson"],
            projects + Parameter.from_fields(CsvOptionsForm.base_fields),
        ),
        "feed": Family(["/projets/flux.atom"], projects),
        "statistics": Family(["/statistiques/", *[f"/statistiques/{chart}.csv" for chart in CHART_BUILDERS]], projects),
        "compare": Family(
            ["/statistiques/comparer/"],
            [Parameter("p", st.sampled_from(slugs + hidden + ["inconnu"]).map(str.encode))],
        ),
        "organisms": Family(["/organismes/"], Parameter.from_fields(OrganismFilter(queryset=None).form.fields)),
        "api_projects": Family(["/api/v1/projets/"], projects + pagination, api=True),
        "api_reference": Family(
            [
                "/api/v1/",
                "/api/v1/organismes/",
                "/api/v1/statuts/",
                "/api/v1/territoires/regions/",
                "/api/v1/territoires/departements/",
                "/territoires/communes.json",
            ],
            Parameter.from_fields(OrganismFilter(queryset=None).form.fields)
            + pagination
            + [Parameter("q", field_values(forms.CharField()))],
            api=True,
        ),
    }


def encode_query(pairs):
    return "&".join(
        quote(name, safe="") if value is None else f"{quote(name, safe='')}={quote_from_bytes(value, safe='')}"
        for name, value in pairs
    )


@st.composite
def queries(draw, family):
    """A query string: known parameters (valid or hostile values, possibly repeated) and unknown ones."""
    names = [parameter.name for parameter in family.parameters]
    by_name = {parameter.name: parameter for parameter in family.parameters}
    pairs = []
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        if draw(st.integers(min_value=0, max_value=9)) == 0:
            name = draw(st.one_of(st.text(min_size=1, max_size=12), st.sampled_from(["format", "callback", "_"])))
        else:
            name = draw(st.sampled_from(names))
        if name in by_name and draw(st.booleans()):
            value = draw(by_name[name].valid)
        else:
            value = draw(st.one_of(hostile_values(), st.none()))
        pairs.append((name, value))
        if draw(st.integers(min_value=0, max_value=7)) == 0:  # the same key again
            pairs.append((name, draw(hostile_values())))
    return encode_query(pairs)


def read_body(response):
    """The whole body; streamed exports are consumed, since an error can happen mid-stream."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def assert_handled(client, path, query, family):
    response = client.get(path, QUERY_STRING=query)
    body = read_body(response)
    assert response.status_code in ALLOWED_STATUSES, (path, query, response.status_code)
    if family.api and response.status_code in (400, 404):
        assert response["Content-Type"].startswith("application/json"), (path, query, response["Content-Type"])
        assert "errors" in json.loads(body), (path, query)


@pytest.fixture(scope="module")
def surface_families(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return families()


@pytest.mark.parametrize(
    "name",
    ["list", "map", "near", "exports", "feed", "statistics", "compare", "organisms", "api_projects", "api_reference"],
)
def test_no_parameter_gives_a_server_error(client, surface_families, name):
    family = surface_families[name]

    @FUZZ
    @given(path=st.sampled_from(family.paths), query=queries(family))
    def fuzz(path, query):
        assert_handled(client, path, query, family)

    fuzz()


def test_every_filter_of_the_list_is_fuzzed(surface_families):
    """Derived, not listed: a filter added to ProjectFilter is fuzzed on every surface that takes it."""
    for name in ("list", "map", "near", "exports", "feed", "statistics", "api_projects"):
        fuzzed = {parameter.name for parameter in surface_families[name].parameters}
        assert set(ProjectFilter.base_filters) <= fuzzed, name


def test_every_public_address_taking_parameters_is_fuzzed(surface_families):
    """tests/public_surfaces.py lists the public addresses: those called with a query string are fuzzed."""
    from tests.public_surfaces import PUBLIC_URLS

    fuzzed = {path for family in surface_families.values() for path in family.paths}
    with_parameters = {url.split("?")[0] for url in PUBLIC_URLS if "?" in url}
    assert with_parameters <= fuzzed, with_parameters - fuzzed
