"""« Quels logements me sont accessibles ? » — the helper's page (GET, nothing stored)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from caching.parameters import accepts

from .engine import assess, loaded_years
from .forms import SHARED_PARAMETERS, EligibilityForm
from .selectors import projects_offering

SHARE_PARAMETER = "partager"


def private(response: HttpResponse) -> HttpResponse:
    """Never kept by a cache, and the address (with the income) never sent as a Referer."""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "no-referrer"
    return response


def shared_query(query: QueryDict) -> str:
    """The household and commune of a query, without the income."""
    return urlencode([(name, query[name]) for name in SHARED_PARAMETERS if query.get(name)])


def evaluate(form: EligibilityForm) -> dict[str, Any]:
    """The answer for a valid form: the assessment and the projects offering the eligible tenures."""
    commune = form.place
    if commune is None:
        raise ValueError("evaluate() takes a valid form, which has found its commune")
    assessment = assess(form.household(), form.cleaned_data["revenu"], commune, form.cleaned_data["annee"])
    tenures = [str(tenure) for tenure in assessment.eligible_tenures]
    projects = [] if assessment.overseas else projects_offering(tenures, commune)
    return {"assessment": assessment, "projects": projects}


@accepts(EligibilityForm, SHARE_PARAMETER)
def helper(request: HttpRequest) -> HttpResponse:
    years = loaded_years()
    submitted = "revenu" in request.GET
    initial = {name: request.GET[name] for name in SHARED_PARAMETERS if request.GET.get(name)}
    form = EligibilityForm(request.GET if submitted else None, years=years, initial=initial)
    context: dict[str, Any] = {"form": form, "years": years, "submitted": submitted}
    if submitted and form.is_valid() and form.place is not None:
        context.update(evaluate(form))
        context["share_query"] = shared_query(request.GET)
    if not submitted and request.GET.get(SHARE_PARAMETER):
        context["share_url"] = request.build_absolute_uri(
            f"{reverse('eligibility:helper')}?{shared_query(request.GET)}"
        )
    context["breadcrumbs"] = [(_("Quels logements me sont accessibles ?"), None)]
    return private(render(request, "eligibility/helper.html", context, status=400 if form.errors else 200))
