"""What every API view shares: the error shape, public caching with conditional GET, JSON only,
strict lists (every invalid parameter reported at once) and the published-project aggregates."""

from collections.abc import Sequence

from django.db.models import Count, Q, Sum
from django.http import Http404, JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from projects.models import Project

from .. import serializers
from ..pagination import ApiPagination

CACHE_MAX_AGE = 300


def _as_list(value):
    return [str(item) for item in value] if isinstance(value, (list, tuple)) else [str(value)]


def api_exception_handler(exc, context):
    """Every API error as ``{"errors": {"<parameter or detail>": ["message", …]}}``."""
    if isinstance(exc, Http404):
        exc = NotFound(_("Aucune ressource ne correspond à cette adresse."))
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict):  # {"detail": "…"} or {"<parameter>": ["…"]}
        errors = {str(name): _as_list(messages) for name, messages in data.items()}
    else:
        errors = {"detail": _as_list(data)}
    response.data = {"errors": errors}
    return response


def not_found(request, *args, **kwargs):
    """JSON 404 for any unknown address under /api/v1/."""
    response = JsonResponse(
        {"errors": {"detail": [_("Aucune ressource à cette adresse. La documentation est à /api/docs/.")]}},
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


ERROR_RESPONSES = {
    400: OpenApiResponse(
        serializers.ErrorSerializer,
        description="Paramètre invalide.",
        examples=[
            OpenApiExample(
                "Paramètres invalides",
                value={"errors": {"statut": ["Sélectionnez un choix valide. nope n’en fait pas partie."]}},
            )
        ],
    ),
    404: OpenApiResponse(serializers.ErrorSerializer, description="Ressource ou page inexistante."),
}
NOT_FOUND = {404: ERROR_RESPONSES[404]}


class CachedGetMixin(APIView):
    """Public caching and conditional GET.

    A successful GET/HEAD is rendered here, given a strong ETag (hash of the body, so it
    changes with the data *and* the representation) and ``Cache-Control: public,
    max-age=300``; a matching ``If-None-Match`` turns it into a bodiless 304.
    """

    cache_max_age = CACHE_MAX_AGE
    allow_any_origin = True

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            patch_cache_control(response, public=True, max_age=self.cache_max_age)
            set_response_etag(response)
            response = get_conditional_response(
                getattr(request, "_request", request), etag=response.get("ETag"), response=response
            )
        if self.allow_any_origin:
            # Open data, no credentials: any web page may read it.
            response["Access-Control-Allow-Origin"] = "*"
        return response


class AlwaysJSON(BaseContentNegotiation):
    """JSON whatever the ``Accept`` header says (a browser's ``text/html`` included)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ApiViewMixin(CachedGetMixin):
    # JSON only: the browsable API would set a CSRF cookie on publicly cached pages, and
    # /api/docs/ already lets people try every endpoint from a browser.
    renderer_classes: Sequence[type[BaseRenderer]] = [JSONRenderer]
    content_negotiation_class: type[BaseContentNegotiation] = AlwaysJSON

    def get_exception_handler(self):
        return api_exception_handler


class StrictListMixin(GenericAPIView):
    """A list reports every invalid parameter at once: filters and pagination alike (HTTP 400)."""

    def strict_queryset(self, request):
        """The filtered queryset, or a 400 naming every invalid filter and pagination parameter."""
        paginator = self.paginator
        errors = paginator.validate(request) if isinstance(paginator, ApiPagination) else {}
        try:
            queryset = self.filter_queryset(self.get_queryset())
        except ValidationError as exc:
            if not isinstance(exc.detail, dict):  # the filters report their errors by parameter
                raise
            errors = {**exc.detail, **errors}
        if errors:
            raise ValidationError(errors)
        return queryset

    def list(self, request, *args, **kwargs):
        queryset = self.strict_queryset(request)
        page = self.paginate_queryset(queryset)
        if page is not None:
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        return Response(self.get_serializer(queryset, many=True).data)


def published_count(path):
    """Count of published projects reached through ``path``, for one aggregate query."""
    return Count(f"{path}", filter=Q(**{f"{path}__in": Project.objects.published()}), distinct=True)


def published_homes(path):
    return Sum(f"{path}__total_homes", filter=Q(**{f"{path}__in": Project.objects.published()}))
