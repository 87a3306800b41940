"""/api/v1/eligibilite/: the eligibility helper's answer as JSON (same engine as the page)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from caching.parameters import accepts
from eligibility.answer import answer_data
from eligibility.engine import loaded_years
from eligibility.forms import EligibilityForm
from eligibility.views import evaluate

from .. import serializers
from .base import ERROR_RESPONSES, ApiViewMixin

PARAMETERS = [
    OpenApiParameter("revenu", int, required=True, description="Revenu fiscal de référence N-2 du foyer, en euros."),
    OpenApiParameter("adultes", int, required=True, description="Nombre d'adultes (1 à 12)."),
    OpenApiParameter("enfants", int, description="Enfants et autres personnes à charge (0 à 20)."),
    OpenApiParameter("age_1", int, description="Âge du premier membre du couple (règle du jeune ménage)."),
    OpenApiParameter("age_2", int, description="Âge du second membre du couple."),
    OpenApiParameter("handicap", bool, description="Une personne a la carte mobilité inclusion « invalidité »."),
    OpenApiParameter("lieu", str, required=True, description="Commune (nom) ou code postal."),
    OpenApiParameter("insee", str, description="Code INSEE, pour choisir entre des communes homonymes."),
    OpenApiParameter("annee", int, description="Année de la demande (par défaut l'année en cours si chargée)."),
]


@accepts(EligibilityForm)
class EligibilityView(ApiViewMixin, APIView):
    """Never cached: the answer depends on a household's income."""

    @extend_schema(
        summary="Logements accessibles à un foyer",
        description="Pour chaque statut (PLAI, PLUS, PLS, PSLA, BRS) : éligible ou non, le plafond applicable "
        "avec son texte officiel et l'écart ; puis les projets publiés proposant ces logements, du plus "
        "proche au plus éloigné. Rien n'est enregistré. `eligible` vaut null quand le barème de l'année "
        "n'est pas chargé.",
        parameters=PARAMETERS,
        responses={200: serializers.EligibilitySerializer, 400: ERROR_RESPONSES[400]},
        tags=["Éligibilité"],
    )
    def get(self, request, *args, **kwargs):
        form = EligibilityForm(request.GET, years=loaded_years())
        if not form.is_valid() or form.place is None:
            errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
            if form.candidates:
                errors["insee"] = [
                    _("Choisissez parmi : %(list)s")
                    % {"list": ", ".join(f"{c.insee_code} {c.name} ({c.department.code})" for c in form.candidates)}
                ]
            raise ValidationError(errors)
        result = evaluate(form)
        return Response(answer_data(result["assessment"], result["projects"]))

    def finalize_response(self, request, response, *args, **kwargs):
        # Not CachedGetMixin's public caching and ETag: nothing of the answer is kept anywhere.
        response = APIView.finalize_response(self, request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store, private"
        response["Access-Control-Allow-Origin"] = "*"
        return response
