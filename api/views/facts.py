"""/api/v1/faits/: the facts table, project by project, for the projects the list's filters choose."""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from opendata.record.fact_table import facts_of
from projects.filters import ProjectFilter
from projects.models import Project

from ..pagination import ApiPagination
from ..serializers.facts import ProjectFactsSerializer
from .base import ERROR_RESPONSES, ApiViewMixin, StrictListMixin


@extend_schema_view(
    list=extend_schema(
        summary="Faits sourcés des projets publiés",
        description=(
            "Une entrée par projet (paginée comme /api/v1/projets/, mêmes paramètres de filtre) avec ses faits : "
            "répartition par statut d'occupation, acteurs, étapes, surfaces, coûts et prix, espaces partagés ; "
            "chacun avec son unité, ses bases, sa date, sa certitude et sa source. Les mêmes colonnes que "
            "/projets/faits.csv."
        ),
        responses={200: ProjectFactsSerializer(many=True), **ERROR_RESPONSES},
    ),
)
@extend_schema(tags=["Faits"])
class FactViewSet(ApiViewMixin, StrictListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProjectFilter
    pagination_class = ApiPagination
    serializer_class = ProjectFactsSerializer

    def get_queryset(self):
        return Project.objects.published().order_by("name", "pk")

    def list(self, request, *args, **kwargs):
        queryset = self.strict_queryset(request).only("pk", "slug")
        page = self.paginate_queryset(queryset)
        projects = [(project.pk, project.slug) for project in (queryset if page is None else page)]
        grouped: dict[int, list[dict]] = {pk: [] for pk, _slug in projects}
        for row in facts_of(projects):
            grouped[row["project_id"]].append(row)
        data = [{"project_id": pk, "project_slug": slug, "facts": grouped[pk]} for pk, slug in projects]
        return self.get_paginated_response(data) if page is not None else Response(data)
