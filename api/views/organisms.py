"""/api/v1/organismes/: organisms and the published projects they work on."""

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from organisms.models import Organism
from projects.filters import OrganismFilter
from projects.models import OrganismCitation, Project, ProjectActor

from .. import serializers
from ..pagination import ApiPagination
from .base import ERROR_RESPONSES, NOT_FOUND, ApiViewMixin, StrictListMixin, published_count


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
                Prefetch("citations", queryset=OrganismCitation.objects.select_related("source")),
                Prefetch(
                    "roles",
                    queryset=ProjectActor.objects.filter(project__in=Project.objects.published())
                    .select_related("project")
                    .order_by("project__name", "role"),
                    to_attr="published_roles",
                ),
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
