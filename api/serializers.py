"""What the open-data API publishes, field by field.

Conventions: field names in English (as in the exports), codes rather than labels for
vocabularies (the labels are in the schema and in /api/v1/statuts/), and ``null`` for any
fact the sources do not give (an unknown phase is ``null``, not ``""``).
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from geo.models import Department, Region
from opendata import record
from organisms.models import HlmFamily, Organism, OrganismKind
from projects.citations import project_citation
from projects.models import (
    ActorRole,
    CostFigure,
    Milestone,
    ParticipatoryFamily,
    Phase,
    Project,
    ProjectSource,
    Source,
    SurfaceMeasure,
    TaxBasis,
    TenureCategory,
    TenureLine,
    TenureStatus,
)


def absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


class BlankAsNullCharField(serializers.CharField):
    """A text fact: ``null`` when the sources do not give it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A coded fact whose blank value means "unknown": ``null`` rather than ``""``."""

    def __init__(self, choices, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(choices, **kwargs)

    def to_representation(self, value):
        return value or None


class DecimalNumberField(serializers.DecimalField):
    """Decimals as JSON numbers (``412.5``), not strings."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("coerce_to_string", False)
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


class LinksMixin(serializers.Serializer):
    # ``url``: the public HTML page; ``api_url``: this resource in the API.
    # (A comment, not a docstring: drf-spectacular would use it as every subclass's description.)

    api_url_name = None
    api_lookup = "slug"

    url = serializers.SerializerMethodField(help_text="Page publique du catalogue (HTML).")
    api_url = serializers.SerializerMethodField(help_text="Cette ressource dans l'API.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj):
        return absolute(self.context.get("request"), obj.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj):
        path = reverse(self.api_url_name, args=[getattr(obj, self.api_lookup)])
        return absolute(self.context.get("request"), path)


# --- Small nested representations ------------------------------------------------------------


class CommuneRefSerializer(serializers.Serializer):
    """Commune (code officiel géographique de l'INSEE)."""

    insee = serializers.CharField(source="insee_code", help_text="Code INSEE de la commune.")
    name = serializers.CharField(help_text="Nom officiel.")


class DepartmentRefSerializer(serializers.Serializer):
    """Département."""

    code = serializers.CharField(help_text="Code INSEE du département (`33`, `2A`, `974`).")
    name = serializers.CharField()


class RegionRefSerializer(serializers.Serializer):
    """Région (découpage en vigueur depuis 2016)."""

    code = serializers.CharField(help_text="Code INSEE de la région.")
    name = serializers.CharField()
    slug = serializers.CharField(help_text="Valeur du paramètre `region` de /api/v1/projets/.")


class FormerRegionRefSerializer(serializers.Serializer):
    """Ancienne région, telle que la nomment les sources antérieures à 2016."""

    code = serializers.CharField(help_text="Ancien code INSEE (avant 2016).")
    name = serializers.CharField()


class SourceRefSerializer(serializers.Serializer):
    """Document source (détails dans `citations` de la fiche projet)."""

    slug = serializers.CharField()
    title = serializers.CharField()


class SourcedFieldsMixin(serializers.Serializer):
    source = SourceRefSerializer(allow_null=True, read_only=True, help_text="Document d'où vient l'information.")
    locator = BlankAsNullCharField(help_text="Page ou section de la source.")


class DeveloperSerializer(serializers.Serializer):
    """Maître d'ouvrage du projet."""

    slug = serializers.CharField()
    name = serializers.CharField()
    family = BlankAsNullChoiceField(
        HlmFamily.choices, help_text="Famille Hlm (OPH, ESH, COOP, OTHER) ; null si inconnue ou hors Hlm."
    )


class TenureLineSerializer(serializers.ModelSerializer):
    """Logements du projet sous un statut d'occupation
    (ou une catégorie seule quand la source ne précise pas le statut)."""

    status = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="Code du statut d'occupation (voir /api/v1/statuts/) ; null quand la source ne donne "
        "que la catégorie.",
    )
    category = serializers.ChoiceField(
        TenureCategory.choices,
        source="effective_category",
        read_only=True,
        help_text="Catégorie : celle du statut, ou celle que donne la source à défaut de statut.",
    )
    homes = serializers.IntegerField(help_text="Nombre de logements.")
    label_as_written = BlankAsNullCharField(help_text="Libellé tel qu'écrit dans la source (« 3 PLAI-ALH »).")

    class Meta:
        model = TenureLine
        fields = ["status", "category", "homes", "label_as_written"]


class TenureLineDetailSerializer(SourcedFieldsMixin, TenureLineSerializer):
    """Ligne de statut d'occupation, avec sa source."""

    class Meta(TenureLineSerializer.Meta):
        fields = [*TenureLineSerializer.Meta.fields, "source", "locator"]


# --- Projects -------------------------------------------------------------------------------


class ProjectListSerializer(LinksMixin, serializers.ModelSerializer):
    """Projet publié, tel qu'il apparaît dans la liste."""

    api_url_name = "api:project-detail"

    commune = CommuneRefSerializer(allow_null=True, read_only=True)
    departement = DepartmentRefSerializer(source="department", allow_null=True, read_only=True)
    region = RegionRefSerializer(allow_null=True, read_only=True)
    former_region = FormerRegionRefSerializer(
        allow_null=True, read_only=True, help_text="Ancienne région (avant 2016) citée par la source."
    )
    latitude = serializers.SerializerMethodField(help_text="Latitude du centre de la commune (pas de l'adresse).")
    longitude = serializers.SerializerMethodField(help_text="Longitude du centre de la commune (pas de l'adresse).")
    participatory_family = serializers.ChoiceField(ParticipatoryFamily.choices, read_only=True)
    intervention_modes = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Codes des modes d'intervention de l'organisme Hlm."
    )
    phase = BlankAsNullChoiceField(Phase.choices, help_text="Phase actuelle ; null si inconnue.")
    delivery_year = serializers.IntegerField(allow_null=True, read_only=True, help_text="Année de livraison.")
    delivery_text = BlankAsNullCharField(help_text="Livraison telle qu'écrite (« fin 2019 »).")
    total_homes = serializers.IntegerField(allow_null=True, read_only=True, help_text="Nombre total de logements.")
    participatory_homes = serializers.IntegerField(
        allow_null=True, read_only=True, help_text="Logements en habitat participatif ; null si non distingué."
    )
    tenure_lines = TenureLineSerializer(many=True, read_only=True, help_text="Répartition par statut d'occupation.")
    developers = serializers.SerializerMethodField(help_text="Maîtres d'ouvrage.")

    class Meta:
        model = Project
        fields = record.api_list_fields()  # the public record: the same facts as the exports
        read_only_fields = fields

    @staticmethod
    def _coordinate(project, name):
        value = getattr(project.commune, name) if project.commune_id else None
        return None if value is None else round(value, 6)

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_latitude(self, project):
        return self._coordinate(project, "latitude")

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_longitude(self, project):
        return self._coordinate(project, "longitude")

    @extend_schema_field(DeveloperSerializer(many=True))
    def get_developers(self, project):
        actors = getattr(project, "developer_actors", None)
        if actors is None:  # detail: all actors are prefetched
            actors = [actor for actor in project.actors.all() if actor.role == ActorRole.DEVELOPER]
        return DeveloperSerializer([actor.organism for actor in actors], many=True).data


class OrganismRefSerializer(serializers.Serializer):
    """Organisme (bailleur Hlm, collectivité, AMO…)."""

    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(OrganismKind.choices, read_only=True)
    family = BlankAsNullChoiceField(HlmFamily.choices)


class ActorSerializer(serializers.Serializer):
    """Un organisme et son rôle dans le projet."""

    organism = OrganismRefSerializer(read_only=True)
    role = serializers.ChoiceField(ActorRole.choices, read_only=True)
    description = BlankAsNullCharField(help_text="Précision sur le rôle.")
    source = SourceRefSerializer(allow_null=True, read_only=True)


class MilestoneSerializer(SourcedFieldsMixin, serializers.Serializer):
    """Étape du calendrier du projet, datée comme l'écrit la source."""

    event = serializers.ChoiceField(Milestone.Kind.choices, source="kind", read_only=True, help_text="Étape.")
    date_text = serializers.CharField(help_text="Date telle qu'écrite (« fin 2019 »).")
    year = serializers.IntegerField(allow_null=True)
    month = serializers.IntegerField(allow_null=True)
    description = BlankAsNullCharField()


class SurfaceSerializer(SourcedFieldsMixin, serializers.Serializer):
    """Surface de l'opération."""

    measure = serializers.ChoiceField(
        SurfaceMeasure.choices,
        read_only=True,
        help_text="SHAB : surface habitable ; SU : surface utile ; SP : surface de plancher.",
    )
    area_m2 = DecimalNumberField(help_text="Surface en m².")
    scope = BlankAsNullCharField(help_text="Périmètre (« ensemble de l'opération »).")


class CostFigureSerializer(SourcedFieldsMixin, serializers.Serializer):
    """Coût ou prix cité par une source."""

    cost_type = serializers.ChoiceField(CostFigure.Kind.choices, source="kind", read_only=True)
    amount = DecimalNumberField(help_text="Montant, dans l'unité `unit`.")
    unit = serializers.ChoiceField(CostFigure.Unit.choices, read_only=True)
    surface_basis = BlankAsNullCharField(
        help_text="Surface à laquelle se rapporte un prix au m² : `SHAB`, `SU`, `SP` ou `other` "
        "(mêmes codes que `surfaces[].measure`) ; null si non précisée."
    )
    tax_basis = BlankAsNullChoiceField(TaxBasis.choices, help_text="HT ou TTC ; null si non précisé.")
    note = BlankAsNullCharField()


class CommonSpaceSerializer(SourcedFieldsMixin, serializers.Serializer):
    """Espace partagé par les habitants."""

    name = serializers.CharField()
    area_m2 = DecimalNumberField(allow_null=True, max_digits=8)
    area_is_approximate = serializers.BooleanField()
    description = BlankAsNullCharField()


class QuoteSerializer(SourcedFieldsMixin, serializers.Serializer):
    """Citation d'un acteur du projet."""

    text = serializers.CharField()
    attribution = BlankAsNullCharField(help_text="Qui parle ; null si la source ne le dit pas.")


class SourceSerializer(serializers.ModelSerializer):
    """Document source."""

    document_type = serializers.ChoiceField(Source.Kind.choices, source="kind", read_only=True)
    date_text = BlankAsNullCharField(help_text="Date telle qu'écrite.")
    year = serializers.IntegerField(allow_null=True, read_only=True)
    url = BlankAsNullCharField(help_text="Adresse web du document, si publique.")

    class Meta:
        model = Source
        fields = ["slug", "title", "document_type", "publisher", "date_text", "year", "url"]


class CitationSerializer(serializers.ModelSerializer):
    """Un document source du projet et l'endroit où il en parle."""

    source = SourceSerializer(read_only=True)
    locator = BlankAsNullCharField(help_text="Section ou page.")
    facts = BlankAsNullCharField(help_text="Ce que la source établit.")

    class Meta:
        model = ProjectSource
        fields = ["source", "locator", "facts"]


class ProjectDetailSerializer(ProjectListSerializer):
    """Fiche complète d'un projet publié ; chaque fait renvoie à sa source (`source`, `locator`)."""

    location_as_written = BlankAsNullCharField(help_text="Localisation telle qu'écrite dans la source.")
    neighbourhood = BlankAsNullCharField()
    is_ecoquartier = serializers.BooleanField(allow_null=True, read_only=True)
    is_qpv = serializers.BooleanField(
        allow_null=True, read_only=True, help_text="Quartier prioritaire de la politique de la ville ; null si inconnu."
    )
    phase_as_of = BlankAsNullCharField(help_text="Date de la source qui donne la phase.")
    website = BlankAsNullCharField()
    notes = serializers.CharField(read_only=True, help_text="Notes sur les sources (écarts, imprécisions).")
    tenure_lines = TenureLineDetailSerializer(many=True, read_only=True)
    actors = ActorSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    surfaces = SurfaceSerializer(many=True, read_only=True)
    cost_figures = CostFigureSerializer(many=True, read_only=True)
    common_spaces = CommonSpaceSerializer(many=True, read_only=True)
    quotes = QuoteSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True, help_text="Documents sources du projet.")
    citation = serializers.SerializerMethodField(help_text="Comment citer cette fiche.")

    class Meta(ProjectListSerializer.Meta):
        fields = record.api_detail_fields()
        read_only_fields = fields

    def get_citation(self, project) -> str:
        # The same wording as the "Citer cette page" block of the HTML page.
        return project_citation(project, self.get_url(project))


# --- Organisms ------------------------------------------------------------------------------


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


class OrganismDetailSerializer(OrganismListSerializer):
    """Fiche d'un organisme et ses projets publiés."""

    head_office = CommuneRefSerializer(allow_null=True, read_only=True, help_text="Commune du siège.")
    projects = serializers.SerializerMethodField(help_text="Projets publiés où il intervient, et ses rôles.")

    class Meta(OrganismListSerializer.Meta):
        fields = [*OrganismListSerializer.Meta.fields, "head_office", "projects"]
        read_only_fields = fields

    @extend_schema_field(OrganismProjectSerializer(many=True))
    def get_projects(self, organism):
        request = self.context.get("request")
        projects = {}
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


# --- Reference data -------------------------------------------------------------------------


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


# --- Errors (schema only) -----------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """Erreur : messages par paramètre fautif."""

    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages par paramètre fautif ; `detail` pour une erreur qui ne tient pas à un paramètre.",
    )

