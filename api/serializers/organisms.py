"""Organisms (Hlm landlords, local authorities, AMO…) and the published projects they work on."""

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from organisms.models import HlmFamily, Organism, OrganismKind
from projects.models import ActorRole

from .fields import BlankAsNullCharField, BlankAsNullChoiceField, LinksMixin, absolute
from .refs import CertaintyFieldsMixin, CommuneRefSerializer, SourceRefSerializer


class OrganismListSerializer(LinksMixin, serializers.ModelSerializer):
    """Organisme qui intervient dans des projets."""

    api_url_name = "api:organism-detail"

    kind = serializers.ChoiceField(OrganismKind.choices, read_only=True, help_text="Type d'acteur.")
    family = BlankAsNullChoiceField(HlmFamily.choices, help_text="Famille Hlm (organismes Hlm seulement).")
    short_name = BlankAsNullCharField()
    website = BlankAsNullCharField()
    project_count = serializers.IntegerField(read_only=True, help_text="Nombre de projets publiés où il intervient.")

    class Meta:
        model = Organism
        fields = [
            "id",
            "slug",
            "name",
            "short_name",
            "url",
            "api_url",
            "kind",
            "family",
            "description",
            "website",
            "project_count",
            "updated_at",
        ]
        read_only_fields = fields


class OrganismProjectSerializer(serializers.Serializer):
    """Projet publié où intervient l'organisme, avec ses rôles."""

    slug = serializers.CharField()
    name = serializers.CharField()
    api_url = serializers.URLField()
    roles = serializers.ListField(
        child=serializers.CharField(),
        help_text="Codes de ses rôles dans le projet (mêmes codes que `actors[].role` de la fiche projet : "
        + ", ".join(f"`{code}`" for code in ActorRole.values)
        + ").",
    )


class OrganismCitationSerializer(CertaintyFieldsMixin, serializers.Serializer):
    """Document qui établit des faits sur l'organisme (description, chiffres, famille)."""

    source = SourceRefSerializer(  # type: ignore[assignment]  # declared field, not Field.source (DRF's metaclass)
        allow_null=True, read_only=True, help_text="Document source ; null pour une connaissance extérieure."
    )
    locator = BlankAsNullCharField(help_text="Page ou section de la source.")
    facts = BlankAsNullCharField(help_text="Ce que la source établit.")


class OrganismDetailSerializer(OrganismListSerializer):
    """Fiche d'un organisme et ses projets publiés."""

    head_office = CommuneRefSerializer(allow_null=True, read_only=True, help_text="Commune du siège.")
    projects = serializers.SerializerMethodField(help_text="Projets publiés où il intervient, et ses rôles.")
    citations = OrganismCitationSerializer(
        many=True, read_only=True, help_text="Sources des faits sur l'organisme, avec leur certitude."
    )

    class Meta(OrganismListSerializer.Meta):
        fields = [*OrganismListSerializer.Meta.fields, "head_office", "projects", "citations"]
        read_only_fields = fields

    @extend_schema_field(OrganismProjectSerializer(many=True))
    def get_projects(self, organism):
        request = self.context.get("request")
        projects: dict[str, dict[str, Any]] = {}
        for role in organism.published_roles:  # prefetched: published projects only
            entry = projects.setdefault(
                role.project.slug,
                {
                    "slug": role.project.slug,
                    "name": role.project.name,
                    "api_url": absolute(request, reverse("api:project-detail", args=[role.project.slug])),
                    "roles": [],
                },
            )
            entry["roles"].append(role.role)
        return sorted(projects.values(), key=lambda entry: (entry["name"], entry["slug"]))
