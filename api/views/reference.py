"""Reference data: /api/v1/statuts/, /api/v1/territoires/regions/ and /departements/."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from geo.models import Department, Region
from projects.models import TenureStatus

from .. import serializers
from .base import NOT_FOUND, ApiViewMixin, published_count, published_homes


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
