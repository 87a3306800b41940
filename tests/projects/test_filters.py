"""Every filter of the project list returns exactly the projects whose data match."""

import pytest
from django.http import QueryDict

from organisms.models import Organism
from projects.filters import ProjectFilter, build_facets
from projects.models import Project

pytestmark = pytest.mark.django_db


def slugs(query):
    filterset = ProjectFilter(QueryDict(query), queryset=Project.objects.published())
    return set(filterset.qs.values_list("slug", flat=True))


@pytest.mark.parametrize(
    "query, expected",
    [
        ("region=nouvelle-aquitaine", {"terra-arte", "locus-solus", "la-ruche"}),
        ("departement=33", {"locus-solus", "la-ruche"}),
        ("departement=33&departement=64", {"locus-solus", "la-ruche", "terra-arte"}),
        ("region=occitanie&departement=81", {"o-jardin-labastide"}),
        ("organisme=le-col", {"terra-arte", "o-jardin-labastide"}),
        ("organisme=ville-de-lille", {"les-voisins-du-quai"}),
        ("famille_hlm=OPH", {"les-voisins-du-quai", "praxinoscope", "les-terrasses-du-jura", "oasis"}),
        ("famille_hlm=ESH", {"mascobado", "callisto", "habitat-different", "la-hutte-finale"}),
        ("statut=psla", {"terra-arte", "les-voisins-du-quai", "coop-colette", "mascobado"}),
        (
            "statut=psla&statut=plus",
            {"terra-arte", "les-voisins-du-quai", "coop-colette", "mascobado", "groupe-du-4-mars"},
        ),
        ("statut=sciapp", {"terra-arte"}),
        ("categorie=social_rental", {"groupe-du-4-mars", "les-voisins-du-quai", "locus-solus", "mascobado"}),
        ("categorie=free_market", {"mascobado"}),
        ("categorie=ownership_unspecified", {"groupe-du-4-mars"}),
        ("mode=partnership", {"mascobado", "oasis"}),
        (
            "mode=solicitation",
            {
                "groupe-du-4-mars",
                "les-voisins-du-quai",
                "coop-colette",
                "ilot-gerbert",
                "o-jardin-labastide",
                "la-hutte-finale",
            },
        ),
        ("phase=building_permit", {"groupe-du-4-mars"}),
        ("annee_min=2016&annee_max=2017", {"terra-arte", "la-ruche", "mascobado", "les-voisins-du-quai", "urban-grey"}),
        ("annee_max=1990", {"habitat-different"}),
        ("logements_min=40", {"terra-arte", "locus-solus", "casalma"}),
        ("logements_min=20&logements_max=24", {"groupe-du-4-mars", "mascobado", "oasis"}),
        ("statut=psla&region=hauts-de-france", {"les-voisins-du-quai"}),
    ],
)
def test_filter_returns_exactly_the_matching_projects(query, expected):
    assert slugs(query) == expected


def test_has_any_of_statuses_is_the_union_of_single_status_results():
    assert slugs("statut=plai&statut=vefa") == slugs("statut=plai") | slugs("statut=vefa")


def test_drafts_never_appear(catalogue):
    Project.objects.filter(slug="terra-arte").update(status="draft")
    assert "terra-arte" not in slugs("statut=psla")
    assert "terra-arte" not in slugs("")


def test_unknown_values_are_form_errors_and_are_ignored():
    filterset = ProjectFilter(
        QueryDict("statut=nope&annee_min=abc&region=atlantis"), queryset=Project.objects.published()
    )
    assert set(filterset.form.errors) == {"statut", "annee_min", "region"}
    assert filterset.qs.count() == Project.objects.published().count()


def test_huge_numbers_are_refused_not_sent_to_the_database():
    filterset = ProjectFilter(QueryDict("logements_min=99999999999999999999999"), queryset=Project.objects.published())
    assert "logements_min" in filterset.form.errors
    assert filterset.qs.count() == Project.objects.published().count()


def facet(filterset, name):
    return {o["value"]: o["count"] for o in next(f for f in build_facets(filterset) if f["name"] == name)["options"]}


def test_facet_counts_reflect_the_other_active_filters():
    everything = ProjectFilter(QueryDict(""), queryset=Project.objects.published())
    assert facet(everything, "statut")["psla"] == 4
    assert facet(everything, "region")["nouvelle-aquitaine"] == 3
    in_aquitaine = ProjectFilter(QueryDict("region=nouvelle-aquitaine"), queryset=Project.objects.published())
    assert facet(in_aquitaine, "statut") == {"psla": 1, "vefa": 1, "sciapp": 1}
    # A facet ignores its own selection: ticking PSLA keeps PLUS selectable with its count.
    with_psla = ProjectFilter(QueryDict("statut=psla"), queryset=Project.objects.published())
    assert facet(with_psla, "statut")["plus"] == 2
    assert facet(with_psla, "region") == {
        "nouvelle-aquitaine": 1,
        "hauts-de-france": 1,
        "ile-de-france": 1,
        "occitanie": 1,
    }


def test_empty_options_are_hidden_unless_selected():
    filterset = ProjectFilter(QueryDict("region=bretagne&statut=brs"), queryset=Project.objects.published())
    statuses = facet(filterset, "statut")
    assert statuses.get("brs") == 0  # selected: shown so it can be unticked
    assert "pls" not in statuses  # no project anywhere has PLS


def test_sorting_by_size_puts_unknown_sizes_last():
    filterset = ProjectFilter(QueryDict("tri=-logements"), queryset=Project.objects.published())
    ordered = list(filterset.qs.values_list("total_homes", flat=True))
    known = [n for n in ordered if n is not None]
    assert ordered[: len(known)] == sorted(known, reverse=True)
    assert all(n is None for n in ordered[len(known) :])


def test_organism_facet_shows_the_busiest_options_and_every_ticked_one(client, settings):
    """Organisms grow with the catalogue: the filter lists a bounded number of them."""
    from django.core.management import call_command

    settings.FACET_MAX_OPTIONS = 5
    call_command("generate_projects", 80, seed=1, no_photos=True, verbosity=0)
    response = client.get("/projets/")
    organisms = next(facet for facet in response.context["facets"] if facet["name"] == "organisme")
    assert len(organisms["options"]) == 5
    assert organisms["hidden_count"] > 0
    shown_counts = sorted((option["count"] for option in organisms["options"]), reverse=True)
    assert "autres ne sont pas affichés" in response.content.decode()
    rare = (
        Organism.objects.filter(roles__project__status="published")
        .exclude(slug__in=[option["value"] for option in organisms["options"]])
        .first()
    )
    ticked = client.get("/projets/", {"organisme": rare.slug})
    options = next(facet for facet in ticked.context["facets"] if facet["name"] == "organisme")["options"]
    assert rare.slug in [option["value"] for option in options if option["checked"]]
    assert len(options) <= 5
    assert shown_counts[-1] >= 1
