"""/api/v1/projets/: the published projects, filtered by the FilterSet of the HTML list."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from projects.filters import ProjectFilter
from projects.models import Project

from .. import serializers
from ..pagination import ApiPagination
from .base import ERROR_RESPONSES, NOT_FOUND, ApiViewMixin, StrictListMixin


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
        return published.for_cards().with_opening_rows().prefetch_related("intervention_modes")

    def filter_queryset(self, queryset):
        # The project filters select among projects; they do not apply to one project's page.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ProjectDetailSerializer
        return serializers.ProjectListSerializer
