"""Site-wide pages: home, glossary, about."""

from django.db.models import Count, F
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from caching.version import cached_per_version
from projects.models import Source, published_via
from projects.selectors import key_figures, latest_case_studies

from . import glossary

def healthz(request):
    """Liveness probe for the load balancer and the benchmark's reference: plain text, no database."""
    response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def home(request):
    return render(
        request,
        "catalogue/home.html",
        {"figures": cached_per_version("key-figures", key_figures), "latest_projects": latest_case_studies()},
    )


def glossary_page(request):
    return render(
        request,
        "catalogue/glossary.html",
        {
            "letters": glossary.entries_by_letter(),
            "breadcrumbs": [(_("Glossaire"), None)],
        },
    )


def about(request):
    published = published_via("citations__project")
    sources = Source.objects.annotate(
        project_count=Count("citations__project", filter=published, distinct=True)
    ).order_by(F("year").desc(nulls_last=True), "title")
    return render(
        request,
        "catalogue/about.html",
        {"sources": sources, "breadcrumbs": [(_("À propos"), None)]},
    )
