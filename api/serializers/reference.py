"""Reference data: tenure statuses, regions and départements with their published projects."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from geo.models import Department, Region
from projects.models import TenureCategory, TenureStatus

from .fields import LinksMixin, absolute
from .refs import DepartmentRefSerializer, FormerRegionRefSerializer, RegionRefSerializer


class TenureStatusSerializer(serializers.ModelSerializer):
    """Statut d'occupation (PLUS, PLAI, PSLA…)."""

    category = serializers.ChoiceField(TenureCategory.choices, read_only=True)
    explanation = serializers.CharField(read_only=True, help_text="Explication en mots simples.")
    projets_api_url = serializers.SerializerMethodField(help_text="Les projets qui comptent ce statut.")

    class Meta:
        model = TenureStatus
        fields = ["code", "short_name", "name", "category", "explanation", "position", "projets_api_url"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_projets_api_url(self, status):
        return absolute(self.context.get("request"), f"{reverse('api:project-list')}?statut={status.code}")


class TerritoryCountsMixin(serializers.Serializer):
    project_count = serializers.IntegerField(read_only=True, help_text="Nombre de projets publiés.")
    homes = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Somme des logements des projets publiés (quand connue)."
    )


class DepartmentCountSerializer(DepartmentRefSerializer):
    """Département et ses projets publiés."""

    project_count = serializers.IntegerField(read_only=True, help_text="Nombre de projets publiés.")
    homes = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Somme des logements des projets publiés (quand connue)."
    )


class RegionSerializer(LinksMixin, TerritoryCountsMixin, serializers.ModelSerializer):
    """Région et ses projets publiés."""

    api_url_name = "api:region-detail"
    api_lookup = "code"
    projets_api_url = serializers.SerializerMethodField(help_text="Les projets de la région.")

    class Meta:
        model = Region
        fields = ["code", "name", "slug", "url", "api_url", "projets_api_url", "project_count", "homes"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_projets_api_url(self, region):
        return absolute(self.context.get("request"), f"{reverse('api:project-list')}?region={region.slug}")


class RegionDetailSerializer(RegionSerializer):
    """Région, ses départements et ses anciennes régions."""

    departements = DepartmentCountSerializer(source="counted_departments", many=True, read_only=True)
    former_regions = FormerRegionRefSerializer(many=True, read_only=True, help_text="Anciennes régions (avant 2016).")

    class Meta(RegionSerializer.Meta):
        model = Region
        fields = [*RegionSerializer.Meta.fields, "departements", "former_regions"]
        read_only_fields = fields


class DepartmentSerializer(LinksMixin, TerritoryCountsMixin, serializers.ModelSerializer):
    """Département et ses projets publiés."""

    api_url_name = "api:department-detail"
    api_lookup = "code"
    region = RegionRefSerializer(read_only=True)
    projets_api_url = serializers.SerializerMethodField(help_text="Les projets du département.")

    class Meta:
        model = Department
        fields = ["code", "name", "slug", "region", "url", "api_url", "projets_api_url", "project_count", "homes"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_projets_api_url(self, department):
        return absolute(self.context.get("request"), f"{reverse('api:project-list')}?departement={department.code}")


class DepartmentRefWithCountSerializer(DepartmentRefSerializer):
    """Département voisin et son nombre de projets publiés."""

    project_count = serializers.IntegerField(read_only=True)


class DepartmentDetailSerializer(DepartmentSerializer):
    """Département, sa région et ses voisins."""

    neighbours = DepartmentRefWithCountSerializer(
        source="counted_neighbours", many=True, read_only=True, help_text="Départements voisins."
    )

    class Meta(DepartmentSerializer.Meta):
        fields = [*DepartmentSerializer.Meta.fields, "neighbours"]
        read_only_fields = fields
