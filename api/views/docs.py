"""The API's root, its OpenAPI schema and its documentation pages (Swagger UI, ReDoc)."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from caching.parameters import accepts

from .base import ApiViewMixin, CachedGetMixin


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
@method_decorator(
    csp_update({"style-src": [UNSAFE_INLINE], "img-src": ["data:"], "worker-src": ["blob:"]}), name="dispatch"
)
@accepts("lang", "version")
class RedocView(CachedGetMixin, SpectacularRedocView):
    """ReDoc from the sidecar's local static files (drf-spectacular's template loads Google Fonts)."""

    url_name = "api:schema"
    template_name = "api/redoc.html"
    allow_any_origin = False
