"""A source document and the published projects citing it (/sources/<slug>/)."""

from typing import Any

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from projects.citations import source_citation
from projects.models import Project, ProjectSource, Source


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    citations = (
        ProjectSource.objects.filter(source=source, project__in=Project.objects.published())
        .select_related("project__commune__department")
        .order_by("project__name", "project__pk", "locator")
    )
    projects: dict[int, dict[str, Any]] = {}
    for citation in citations:
        projects.setdefault(citation.project.pk, {"project": citation.project, "citations": []})["citations"].append(
            citation
        )
    return render(
        request,
        "projects/source_detail.html",
        {
            "source": source,
            "citing": list(projects.values()),
            "organism_citations": source.organism_citations.select_related("organism").order_by(
                "organism__name", "locator"
            ),
            "reference": source_citation(source),
            "breadcrumbs": [
                (gettext_lazy("À propos"), reverse("about")),
                (gettext_lazy("Sources"), reverse("about") + "#sources"),
                (source.title, None),
            ],
        },
    )
