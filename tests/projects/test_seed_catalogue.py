"""The seed catalogue matches the source documents, fact by fact."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from organisms.models import Organism
from projects.models import Project, TenureLine
from projects.seed import load_catalogue

pytestmark = pytest.mark.django_db


def tenure_mix(slug):
    project = Project.objects.get(slug=slug)
    return {
        (line.status.short_name if line.status_id else line.category): line.homes
        for line in project.tenure_lines.select_related("status")
    }


def developers(slug):
    return {a.organism.slug for a in Project.objects.get(slug=slug).actors.filter(role="developer")}


def where(slug):
    project = Project.objects.select_related("commune__department__region").get(slug=slug)
    return project.commune.name, project.department.code, project.region.name


@pytest.mark.parametrize(
    "slug, place, organism, family, total, mix, delivery",
    [
        (
            "groupe-du-4-mars",
            ("Lyon", "69", "Auvergne-Rhône-Alpes"),
            "alliade-habitat",
            "",
            24,
            {"PLUS": 8, "PLAI": 3, "ownership_unspecified": 13},
            (2019, "fin 2019 (prévue)"),
        ),
        (
            "terra-arte",
            ("Bayonne", "64", "Nouvelle-Aquitaine"),
            "le-col",
            "COOP",
            46,
            {"PSLA": 41, "VEFA": 1, "SCIAPP": 4},
            (2016, "Juin 2016"),
        ),
        (
            "les-voisins-du-quai",
            ("Lille", "59", "Hauts-de-France"),
            "lille-metropole-habitat",
            "OPH",
            11,
            {"PSLA": 8, "PLUS": 2, "PLAI": 1},
            (2017, "Été 2017"),
        ),
        (
            "locus-solus",
            ("Bordeaux", "33", "Nouvelle-Aquitaine"),
            "aquitanis",
            "",
            46,
            {"social_rental": 46},
            (2018, "fin 2017/début 2018 (prévue)"),
        ),
        (
            "coop-colette",
            ("Vitry-sur-Seine", "94", "Île-de-France"),
            "coopimmo",
            "COOP",
            25,
            {"PSLA": 18},
            (2018, "2018 (prévue)"),
        ),
        (
            "mascobado",
            ("Montpellier", "34", "Occitanie"),
            "promologis",
            "ESH",
            23,
            {"social_rental": 5, "PSLA": 9, "Accession libre": 9},
            (2016, "Juillet 2016"),
        ),
    ],
)
def test_detailed_case_studies_match_the_documents(slug, place, organism, family, total, mix, delivery):
    project = Project.objects.get(slug=slug)
    assert where(slug) == place
    assert developers(slug) == {organism}
    assert Organism.objects.get(slug=organism).family == family
    assert project.total_homes == total
    assert tenure_mix(slug) == mix
    assert (project.delivery_year, project.delivery_text) == delivery
    assert project.is_published
    assert project.citations.exists(), "every project cites its sources"


def test_terra_arte_keeps_surfaces_and_prices_with_their_basis():
    project = Project.objects.get(slug="terra-arte")
    assert {(s.measure, s.area_m2) for s in project.surfaces.all()} == {
        ("SHAB", Decimal("2871")),
        ("SU", Decimal("3334")),
    }
    figures = {f.kind: (f.amount, f.surface_basis, f.tax_basis) for f in project.cost_figures.all()}
    assert figures["land_price"] == (Decimal("200"), "SP", "")
    assert figures["construction_cost"] == (Decimal("1210"), "SHAB", "")
    assert figures["sale_price"] == (Decimal("2318"), "SHAB", "TTC")
    assert project.is_ecoquartier is True
    assert project.former_region.name == "Aquitaine"


def test_locus_solus_counts_its_co_designed_homes_and_its_first_meeting():
    project = Project.objects.get(slug="locus-solus")
    assert project.participatory_homes == 24
    assert project.is_qpv is True
    meeting = project.milestones.get(kind="first_meeting")
    assert (meeting.date_text, meeting.year, meeting.month) == ("juillet 2014", 2014, 7)
    assert project.common_spaces.get(name__startswith="Ferme urbaine").area_m2 == Decimal("800")


def test_coop_colette_names_its_aménageur_and_its_amo():
    roles = {(a.organism.slug, a.role) for a in Project.objects.get(slug="coop-colette").actors.all()}
    assert ("semise", "amenageur") in roles
    assert ("atelier-15", "amo") in roles
    assert ("ville-de-vitry-sur-seine", "initiating_authority") in roles


def test_every_project_named_in_the_documents_is_loaded():
    htc_table = {
        "ecoterra",
        "la-ruche",
        "terra-arte",
        "mascobado",
        "callisto",
        "praxinoscope",
        "les-voisins-du-quai",
        "habitat-different",
        "les-terrasses-du-jura",
        "le-village-vertical",
    }
    case_studies = {"groupe-du-4-mars", "terra-arte", "les-voisins-du-quai", "locus-solus", "coop-colette"}
    intervention_examples = {"mascobado", "ilot-gerbert", "o-jardin-labastide", "la-hutte-finale"}
    round_table = {"urban-grey", "casalma", "oasis"}
    expected = htc_table | case_studies | intervention_examples | round_table
    assert set(Project.objects.values_list("slug", flat=True)) == expected


@pytest.mark.parametrize(
    "slug, commune, department, former_region",
    [
        ("ecoterra", "Strasbourg", "67", "Alsace"),
        ("la-ruche", "Bègles", "33", "Aquitaine"),
        ("callisto", "Balma", "31", "Midi-Pyrénées"),
        ("praxinoscope", "Montreuil", "93", None),
        ("habitat-different", "Angers", "49", None),
        ("les-terrasses-du-jura", "Viry", "74", "Rhône-Alpes"),
        ("le-village-vertical", "Villeurbanne", "69", "Rhône-Alpes"),
    ],
)
def test_htc_table_rows_follow_official_geography(slug, commune, department, former_region):
    project = Project.objects.select_related("commune__department", "former_region").get(slug=slug)
    assert (project.commune.name, project.commune.department.code) == (commune, department)
    if former_region:
        assert project.former_region.name == former_region


def test_source_department_error_is_corrected_and_recorded():
    project = Project.objects.select_related("commune__department").get(slug="o-jardin-labastide")
    assert project.location_as_written == "Couffouleux (80)"
    assert project.commune.insee_code == "81070"
    assert project.commune.department.code == "81"
    assert "80" in project.notes and "Somme" in project.notes


def test_unknown_facts_stay_empty():
    oasis = Project.objects.get(slug="oasis")
    assert oasis.commune is None and oasis.department is None
    casalma = Project.objects.get(slug="casalma")
    assert casalma.total_homes == 50 and casalma.participatory_homes is None
    assert Project.objects.get(slug="ilot-gerbert").total_homes is None
    assert Organism.objects.get(slug="aquitanis").family == ""


def test_tenure_lines_never_exceed_total_homes_in_fixtures():
    for project in Project.objects.exclude(total_homes=None):
        assert project.tenure_total() <= project.total_homes, project.slug


def test_loading_twice_changes_nothing():
    before = {model: list(model.objects.order_by("pk").values()) for model in (Project, TenureLine, Organism)}
    report = load_catalogue()
    assert not report.changed, report
    call_command("load_catalogue", verbosity=0)
    after = {model: list(model.objects.order_by("pk").values()) for model in before}
    assert before == after
