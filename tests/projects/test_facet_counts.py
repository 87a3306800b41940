"""Facet counts come from one statement, and say exactly what the per-facet aggregates said.

The oracle is the previous implementation, kept here: one aggregate per facet over the projects
matching every *other* filter (``COUNT(DISTINCT pk)`` grouped by the facet's expression).
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import CharField, Count, F, IntegerField, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from organisms.models import Organism
from projects.filters import MAP, TOTAL, ProjectFilter
from projects.filters.counts import summarise
from projects.models import (
    ActorRole,
    OpeningStatus,
    Phase,
    Project,
    ProjectActor,
    TenureCategory,
    TenureLine,
    opening_state,
)
from tests.factories import ProjectFactory, ProjectOpeningFactory, commune, tenure_status

pytestmark = pytest.mark.django_db


# The oracle's groupings and labels, as projects/filters/filterset.py defined them.
GROUPINGS = {
    "region": lambda: F("commune__department__region__slug"),
    "departement": lambda: F("commune__department__code"),
    "organisme": lambda: F("actors__organism__slug"),
    "famille_hlm": lambda: F("actors__organism__family"),
    "statut": lambda: F("tenure_lines__status__code"),
    "categorie": lambda: Coalesce(F("tenure_lines__status__category"), NullIf(F("tenure_lines__category"), Value(""))),
    "mode": lambda: F("intervention_modes__code"),
    "famille": lambda: F("participatory_family"),
    "phase": lambda: F("phase"),
    "ouverture": opening_state,
}
ZERO = Value(0, output_field=IntegerField())
LABELS = {
    "region": (F("commune__department__region__name"), ZERO),
    "departement": (F("commune__department__name"), ZERO),
    "organisme": (F("actors__organism__name"), ZERO),
    "statut": (F("tenure_lines__status__short_name"), F("tenure_lines__status__position")),
    "mode": (F("intervention_modes__name"), F("intervention_modes__position")),
}


def oracle(filterset):
    """The counts as the one-aggregate-per-facet UNION ALL computed them (its copy, frozen)."""

    def aggregate(facet, expression, exclude=()):
        label, sort = LABELS.get(facet, (Value("", output_field=CharField()), ZERO))
        matching = filterset.filter_queryset(filterset.queryset, exclude=(*exclude, "tri")).order_by().values("pk")
        return (
            Project.objects.filter(pk__in=matching)
            .annotate(facet_name=Value(facet), facet_value=expression, facet_label=label, facet_sort=sort)
            .exclude(facet_value=None)
            .exclude(facet_value="")
            .values("facet_name", "facet_value", "facet_label", "facet_sort")
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        )

    counts = {facet: {} for facet in GROUPINGS}
    labels = {facet: {} for facet in GROUPINGS}
    by_department, total = None, 0
    parts = [aggregate(facet, grouping(), exclude=(facet,)) for facet, grouping in GROUPINGS.items()]
    parts.append(aggregate(TOTAL, Value("*", output_field=CharField())))
    if "departement" in filterset.active_filters:
        parts.append(aggregate(MAP, GROUPINGS["departement"]()))
    for row in parts[0].union(*parts[1:], all=True):
        facet, value = row["facet_name"], row["facet_value"]
        if facet == TOTAL:
            total = row["n"]
        elif facet == MAP:
            by_department = by_department or {}
            by_department[value] = row["n"]
        else:
            counts[facet][value] = row["n"]
            labels[facet][value] = (row["facet_label"], row["facet_sort"])
    return {
        "counts": counts,
        "labels": labels,
        "total": total,
        "by_department": counts["departement"] if by_department is None else by_department,
    }


@pytest.fixture
def varied_catalogue(catalogue):
    """The seed, generated projects, and the awkward cases: a category-only tenure line, one
    organism twice in a project, lines of one status twice, an old opening, no commune, no phase,
    a draft."""
    call_command("generate_projects", 60, seed=3, no_photos=True, verbosity=0)
    organism = Organism.objects.order_by("slug").first()
    twice = ProjectFactory(published=True, in_bordeaux=True, phase="", developer=organism, tenure=("psla", 2))
    ProjectActor.objects.create(project=twice, organism=organism, role=ActorRole.MANAGER)
    TenureLine.objects.create(project=twice, status=None, category=TenureCategory.SOCIAL_RENTAL, homes=3)
    TenureLine.objects.create(project=twice, status=tenure_status("brs"), homes=1)
    nowhere = ProjectFactory(published=True, phase=Phase.WORKS, tenure=("plus", 4))
    ProjectOpeningFactory(project=nowhere, as_of=timezone.localdate() - datetime.timedelta(days=400))
    ProjectOpeningFactory(project=twice, status=OpeningStatus.SEEKING_MEMBERS)
    ProjectFactory(commune=commune(), developer=organism, tenure=("psla", 5))  # a draft: counted nowhere
    return Project.objects.published()


def _queries(catalogue):
    """Many combinations: no filter, each facet alone, two and three facets, search, bounds, and
    an empty selection."""
    projects = Project.objects.published()
    busiest = (
        ProjectActor.objects.filter(project__in=projects)
        .values_list("organism__slug", flat=True)
        .annotate(n=Count("project"))
        .order_by("-n", "organism__slug")[:2]
    )
    region = projects.exclude(commune=None).values_list("commune__department__region__slug", flat=True).first()
    departments = list(
        projects.exclude(commune=None).values_list("commune__department__code", flat=True).distinct().order_by()[:2]
    )
    organisms = "&".join(f"organisme={slug}" for slug in busiest)
    return [
        "",
        f"region={region}",
        f"departement={departments[0]}",
        "&".join(f"departement={code}" for code in departments),
        organisms,
        "famille_hlm=OPH&famille_hlm=ESH",
        "statut=psla",
        "statut=psla&statut=plus",
        "categorie=social_rental",
        "categorie=social_ownership&categorie=cooperative",
        "mode=partnership",
        "mode=solicitation&mode=own-initiative&statut=plus",
        "famille=social_housing",
        "phase=delivered",
        "ouverture=seeking_members",
        "ouverture=to_confirm&ouverture=seeking_members",
        f"region={region}&statut=psla",
        f"region={region}&famille_hlm=OPH&statut=psla",
        f"departement={departments[0]}&{organisms}&categorie=social_rental",
        "statut=psla&categorie=social_rental&famille=social_housing&phase=delivered",
        "q=habitat",
        f"q=jardins&region={region}&statut=psla",
        "q=lille&statut=plus",
        f"q=habitat&region={region}&statut=psla&statut=plus",
        "annee_min=2015&annee_max=2022&logements_min=5",
        "logements_max=20&statut=plai",
        "statut=brs&region=bretagne",
        "q=zzzzzzqqqq",
        "region=nimporte&statut=psla",
    ]


def test_facet_counts_equal_the_per_facet_aggregates_for_many_filter_combinations(varied_catalogue):
    assert set(GROUPINGS) == set(ProjectFilter.FACETS)
    for query in _queries(varied_catalogue):
        filterset = ProjectFilter(QueryDict(query), queryset=Project.objects.published())
        assert summarise(filterset) == oracle(filterset), query


def test_every_facet_has_options_in_the_unfiltered_catalogue(varied_catalogue):
    """The comparison above means something: no facet is empty for the whole catalogue."""
    filterset = ProjectFilter(QueryDict(""), queryset=Project.objects.published())
    counts = summarise(filterset)["counts"]
    assert all(counts[facet] for facet in ProjectFilter.FACETS), {f: len(c) for f, c in counts.items()}
    assert summarise(filterset)["total"] == Project.objects.published().count()


def test_an_option_counts_each_project_once_however_many_lines_or_roles_it_has(varied_catalogue):
    twice = Project.objects.get(actors__role=ActorRole.MANAGER, tenure_lines__category=TenureCategory.SOCIAL_RENTAL)
    organism = twice.actors.first().organism
    published = Project.objects.published()
    counts = summarise(ProjectFilter(QueryDict(""), queryset=published))["counts"]
    assert counts["organisme"][organism.slug] == published.filter(actors__organism=organism).distinct().count()
    ownership = Q(tenure_lines__status__category="social_ownership") | Q(tenure_lines__category="social_ownership")
    assert counts["categorie"]["social_ownership"] == published.filter(ownership).distinct().count()


@pytest.mark.parametrize("query", ["", "region=occitanie&statut=psla&q=habitat", "departement=33&famille_hlm=OPH"])
def test_all_facet_counts_are_one_statement(varied_catalogue, query):
    filterset = ProjectFilter(QueryDict(query), queryset=Project.objects.published())
    assert filterset.search_plan or "q" not in query  # the form and the search plan are read before
    with CaptureQueriesContext(connection) as queries:
        summarise(filterset)
    assert len(queries) == 1
