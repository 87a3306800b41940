"""The directory of organisms and an organism's page."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from caching.parameters import accepts
from common.collation import collated
from organisms.models import Organism, OrganismKind
from projects.filters import OrganismFilter
from projects.models import published_via

from ..page_figures import organism_figures
from ..pagination import project_cards_page

PUBLISHED_PROJECTS = published_via("roles__project")


@accepts(OrganismFilter, "page")
def organism_list(request):
    filterset = OrganismFilter(
        request.GET or None,
        queryset=Organism.objects.annotate(
            project_count=Count("roles__project", filter=PUBLISHED_PROJECTS, distinct=True)
        ).order_by("kind", collated("name").asc(), "pk"),
    )
    page_obj = Paginator(filterset.qs, settings.ORGANISM_PAGE_SIZE).get_page(request.GET.get("page"))
    organisms = list(page_obj.object_list)
    groups = []
    for kind, label in OrganismKind.choices:
        members = [organism for organism in organisms if organism.kind == kind]
        if members:
            groups.append({"kind": kind, "label": label, "organisms": members})
    return render(
        request,
        "organisms/organism_list.html",
        {"filterset": filterset, "groups": groups, "count": page_obj.paginator.count, "page_obj": page_obj},
    )


@accepts("page")
def organism_detail(request, slug):
    organism = get_object_or_404(Organism.objects.select_related("head_office__department"), slug=slug)
    figures = organism_figures(organism)
    page_obj = project_cards_page(request, "organism", organism.pk, count=figures["project_count"])
    return render(
        request,
        "organisms/organism_detail.html",
        {
            **figures,
            "organism": organism,
            "citations": organism.citations.select_related("source"),
            "projects": page_obj.object_list,
            "page_obj": page_obj,
        },
    )
