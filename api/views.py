"""Read-only open-data API, version 1 (issue "Research and open data", item 2).

Every endpoint starts from ``Project.objects.published()``: drafts, submitted and archived
projects never appear, not even in counts. The project list is filtered by
``projects.filters.ProjectFilter`` — the very FilterSet of the HTML list, the map and the
exports — through django-filter's DRF backend, so the OpenAPI schema documents exactly the
parameters the site accepts.
"""

from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404, JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView, exception_handler

from caching.parameters import accepts
from geo.models import Department, Region
from organisms.filters import OrganismFilter
from organisms.models import Organism
from projects.filters import ProjectFilter
from projects.models import (
    Project,
    ProjectActor,
    TenureStatus,
)

from . import serializers
from .pagination import ApiPagination

CACHE_MAX_AGE = 300


# --- Errors ---------------------------------------------------------------------------------


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


# --- Shared behaviour -----------------------------------------------------------------------


class CachedGetMixin:
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
    renderer_classes = [JSONRenderer]
    content_negotiation_class = AlwaysJSON

    def get_exception_handler(self):
        return api_exception_handler


class StrictListMixin:
    """A list reports every invalid parameter at once: filters and pagination alike (HTTP 400)."""

    def list(self, request, *args, **kwargs):
        errors = self.paginator.validate(request) if self.paginator is not None else {}
        try:
            queryset = self.filter_queryset(self.get_queryset())
        except ValidationError as exc:
            errors = {**exc.detail, **errors}
        if errors:
            raise ValidationError(errors)
        page = self.paginate_queryset(queryset)
        if page is not None:
            return self.get_paginated_response(self.get_serializer(page, many=True).data)
        return Response(self.get_serializer(queryset, many=True).data)


def published_count(path):
    """Count of published projects reached through ``path``, for one aggregate query."""
    return Count(f"{path}", filter=Q(**{f"{path}__in": Project.objects.published()}), distinct=True)


def published_homes(path):
    return Sum(f"{path}__total_homes", filter=Q(**{f"{path}__in": Project.objects.published()}))


# --- Projects -------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Liste des projets publiés",
        description=(
            "Projets d'habitat participatif en logement social, filtrés par les mêmes paramètres que la "
            "page /projets/ du site (un même paramètre peut être répété : `statut=psla&statut=plus` "
            "donne les projets qui ont l'un ou l'autre). Pagination par `page` et `page_size`. "
            "Tri par défaut : nom ; par pertinence quand `q` est donné."
        ),
        responses={200: serializers.ProjectListSerializer(many=True), **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="Fiche d'un projet",
        description=(
            "Tout ce que publie la fiche du projet : acteurs et rôles, calendrier, surfaces, coûts, "
            "espaces partagés, citations, et pour chaque fait la source et la page d'où il vient."
        ),
        responses={200: serializers.ProjectDetailSerializer, **NOT_FOUND},
    ),
)
@extend_schema(tags=["Projets"])
class ProjectViewSet(ApiViewMixin, StrictListMixin, viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProjectFilter
    pagination_class = ApiPagination

    def get_queryset(self):
        published = Project.objects.published()
        if self.action == "retrieve":
            return published.with_case_study()
        return published.for_cards().prefetch_related("intervention_modes")

    def filter_queryset(self, queryset):
        # The project filters select among projects; they do not apply to one project's page.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ProjectDetailSerializer
        return serializers.ProjectListSerializer


# --- Organisms ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Liste des organismes",
        description=(
            "Organismes Hlm, collectivités, AMO, aménageurs, réseaux… avec le nombre de projets publiés "
            "où ils interviennent. Filtres : `famille` (famille Hlm), `type` (type d'acteur), `region`."
        ),
        responses={200: serializers.OrganismListSerializer(many=True), **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="Fiche d'un organisme",
        description="L'organisme et les projets publiés où il intervient, avec ses rôles.",
        responses={200: serializers.OrganismDetailSerializer, **NOT_FOUND},
    ),
)
@extend_schema(tags=["Organismes"])
class OrganismViewSet(ApiViewMixin, StrictListMixin, viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    filter_backends = [DjangoFilterBackend]
    filterset_class = OrganismFilter
    pagination_class = ApiPagination

    def get_queryset(self):
        queryset = Organism.objects.annotate(project_count=published_count("roles__project")).order_by("name", "pk")
        if self.action == "retrieve":
            queryset = queryset.select_related("head_office").prefetch_related(
                Prefetch(
                    "roles",
                    queryset=ProjectActor.objects.filter(project__in=Project.objects.published())
                    .select_related("project")
                    .order_by("project__name", "role"),
                    to_attr="published_roles",
                )
            )
        return queryset

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.OrganismDetailSerializer
        return serializers.OrganismListSerializer


# --- Reference data -------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Statuts d'occupation",
        description="PLUS, PLAI, PSLA, BRS… avec leur catégorie et une explication en mots simples. "
        "Le `code` est la valeur du paramètre `statut` de /api/v1/projets/.",
    ),
    retrieve=extend_schema(
        summary="Un statut d'occupation",
        description="Un statut d'occupation, sa catégorie et son explication.",
        responses={200: serializers.TenureStatusSerializer, **NOT_FOUND},
    ),
)
@extend_schema(tags=["Référentiels"])
class TenureStatusViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    queryset = TenureStatus.objects.order_by("position", "short_name")
    serializer_class = serializers.TenureStatusSerializer
    lookup_field = "code"
    pagination_class = None


@extend_schema_view(
    list=extend_schema(
        summary="Régions",
        description="Les régions (géographie INSEE en vigueur) et le nombre de projets publiés de chacune.",
    ),
    retrieve=extend_schema(
        summary="Une région",
        description="La région, ses départements (avec leurs nombres de projets) et les anciennes régions "
        "(avant 2016) qu'elle réunit.",
        responses={200: serializers.RegionDetailSerializer, **NOT_FOUND},
    ),
)
@extend_schema(tags=["Territoires"])
class RegionViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    lookup_field = "code"
    lookup_value_regex = "[0-9A-Za-z]{1,3}"
    pagination_class = None

    def get_queryset(self):
        queryset = Region.objects.annotate(
            project_count=published_count("departments__communes__projects"),
            homes=published_homes("departments__communes__projects"),
        ).order_by("name")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "departments",
                    queryset=Department.objects.annotate(
                        project_count=published_count("communes__projects"),
                        homes=published_homes("communes__projects"),
                    ).order_by("code"),
                    to_attr="counted_departments",
                ),
                "former_regions",
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.RegionDetailSerializer
        return serializers.RegionSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Départements",
        description="Les départements (codes INSEE) et le nombre de projets publiés de chacun. "
        "Le `code` est la valeur du paramètre `departement` de /api/v1/projets/.",
    ),
    retrieve=extend_schema(
        summary="Un département",
        description="Le département, sa région et ses départements voisins.",
        responses={200: serializers.DepartmentDetailSerializer, **NOT_FOUND},
    ),
)
@extend_schema(tags=["Territoires"])
class DepartmentViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    lookup_field = "code"
    lookup_value_regex = "[0-9A-Za-z]{1,3}"
    pagination_class = None

    def get_queryset(self):
        queryset = (
            Department.objects.select_related("region")
            .annotate(
                project_count=published_count("communes__projects"),
                homes=published_homes("communes__projects"),
            )
            .order_by("code")
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "neighbours",
                    queryset=Department.objects.annotate(project_count=published_count("communes__projects")).order_by(
                        "code"
                    ),
                    to_attr="counted_neighbours",
                )
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.DepartmentDetailSerializer
        return serializers.DepartmentSerializer


# --- Root and documentation -----------------------------------------------------------------


@extend_schema(tags=["Référentiels"])
class ApiRootView(ApiViewMixin, APIView):
    @extend_schema(
        summary="Points d'entrée de l'API",
        description="Les adresses des listes de la version 1, de la documentation et du schéma OpenAPI.",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request, *args, **kwargs):
        def url(name):
            return reverse(name, request=request)

        return Response(
            {
                "projets": url("api:project-list"),
                "organismes": url("api:organism-list"),
                "statuts": url("api:tenure-status-list"),
                "regions": url("api:region-list"),
                "departements": url("api:department-list"),
                "schema": url("api:schema"),
                "documentation": url("api:docs"),
                "licence": "Licence Ouverte / Open Licence 2.0 (Etalab)",
            }
        )


@accepts("format", "lang", "version")
class SchemaView(CachedGetMixin, SpectacularAPIView):
    """The OpenAPI 3 schema (YAML by default, JSON with ``?format=json``)."""


# Swagger UI draws its icons as data: images (its own stylesheet and script).
@method_decorator(csp_update({"img-src": ["data:"]}), name="dispatch")
@accepts("script", "lang", "version")
class SwaggerView(CachedGetMixin, SpectacularSwaggerSplitView):
    """Swagger UI from the sidecar's local static files; its start-up script is a separate
    response (``?script``), so the page needs no inline script (CSP-ready)."""

    url_name = "api:schema"
    template_name = "api/swagger_ui.html"
    template_name_js = "api/swagger_ui.js"
    allow_any_origin = False


# ReDoc injects its styles as <style> elements, some before it can be given a nonce: this page
# alone allows inline styles (never inline scripts). Its "Redocly" logo, on their CDN, stays blocked.
@method_decorator(csp_update({"style-src": [UNSAFE_INLINE], "img-src": ["data:"], "worker-src": ["blob:"]}), name="dispatch")
@accepts("lang", "version")
class RedocView(CachedGetMixin, SpectacularRedocView):
    """ReDoc from the sidecar's local static files (drf-spectacular's template loads Google Fonts)."""

    url_name = "api:schema"
    template_name = "api/redoc.html"
    allow_any_origin = False
