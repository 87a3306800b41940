"""Published projects: the list and the detail, with their sourced facts.

The field names and their order come from the public record (``opendata.record``), the one
definition the exports share.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from opendata import record
from projects.citations import project_citation
from projects.models import (
    ActorRole,
    CostFigure,
    FieldCertainty,
    InterventionMode,
    Milestone,
    OpeningState,
    OpeningStatus,
    ParticipatoryFamily,
    Phase,
    Project,
    ProjectOpening,
    ProjectSource,
    ProjectVisit,
    Source,
    SurfaceMeasure,
    TaxBasis,
    TenureCategory,
    TenureLine,
    TenureStatus,
)

from .fields import BlankAsNullCharField, BlankAsNullChoiceField, DecimalNumberField, LinksMixin
from .refs import (
    CertaintyFieldsMixin,
    CommuneRefSerializer,
    DepartmentRefSerializer,
    DeveloperSerializer,
    FormerRegionRefSerializer,
    OrganismRefSerializer,
    RegionRefSerializer,
    SourcedFieldsMixin,
    SourceRefSerializer,
)


class TenureLineSerializer(serializers.ModelSerializer):
    """Logements du projet sous un statut d'occupation
    (ou une catégorie seule quand la source ne précise pas le statut)."""

    status: serializers.SlugRelatedField[TenureStatus] = serializers.SlugRelatedField(
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
        fields = [*TenureLineSerializer.Meta.fields, "source", "locator", "certainty", "certainty_note"]


class OpeningSerializer(serializers.ModelSerializer):
    """Recrutement des habitants : où il en est, à quelle date, comment rejoindre le groupe."""

    state = serializers.ChoiceField(
        OpeningState.choices,
        read_only=True,
        help_text="Statut affiché : `to_confirm` quand l'information a dépassé sa durée de validité (6 mois par "
        "défaut) ; sinon le statut saisi.",
    )
    status = serializers.ChoiceField(OpeningStatus.choices, read_only=True, help_text="Statut saisi par le bailleur.")
    as_of = serializers.DateField(read_only=True, help_text="Date à laquelle le statut a été vérifié.")
    homes_available = serializers.IntegerField(
        allow_null=True, read_only=True, help_text="Logements disponibles ; null si inconnu."
    )
    tenures: serializers.SlugRelatedField[TenureStatus] | serializers.ManyRelatedField = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Statuts d'occupation des logements disponibles."
    )
    how_to_join = serializers.ListField(
        child=serializers.CharField(),
        source="steps",
        read_only=True,
        help_text="Comment rejoindre : les étapes, en mots simples.",
    )

    class Meta:
        model = ProjectOpening
        fields = ["state", "status", "as_of", "homes_available", "tenures", "how_to_join"]


class VisitSerializer(serializers.Serializer):
    """Visite ou réunion d'information à venir."""

    visit_type = serializers.ChoiceField(
        ProjectVisit.Kind.choices, source="kind", read_only=True, help_text="Visite ou réunion d'information."
    )
    starts_at = serializers.DateTimeField(read_only=True)
    place = serializers.CharField(read_only=True)
    how_to_register = BlankAsNullCharField(help_text="Comment s'inscrire, en mots simples.")
    registration_url = BlankAsNullCharField(help_text="Page d'inscription, si elle existe.")


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
    # many=True: DRF builds a ManyRelatedField of SlugRelatedField children.
    intervention_modes: serializers.SlugRelatedField[InterventionMode] | serializers.ManyRelatedField = (
        serializers.SlugRelatedField(
            slug_field="code", many=True, read_only=True, help_text="Codes des modes d'intervention de l'organisme Hlm."
        )
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
    opening = serializers.SerializerMethodField(
        help_text="Recrutement des habitants ; null quand le bailleur ne l'a pas renseigné."
    )

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

    @extend_schema_field(OpeningSerializer(allow_null=True))
    def get_opening(self, project):
        rows = getattr(project, "opening_rows", None)
        if not rows:
            return None
        opening = rows[0]
        opening.state = project.opening_state  # the one rule (ProjectQuerySet.with_opening)
        return OpeningSerializer(opening).data


class ActorSerializer(CertaintyFieldsMixin, serializers.Serializer):
    """Un organisme et son rôle dans le projet."""

    organism = OrganismRefSerializer(read_only=True)
    role = serializers.ChoiceField(ActorRole.choices, read_only=True)
    description = BlankAsNullCharField(help_text="Précision sur le rôle.")
    source = SourceRefSerializer(allow_null=True, read_only=True)  # type: ignore[assignment]  # declared field, not Field.source (DRF's metaclass)


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

    source = SourceSerializer(read_only=True)  # type: ignore[assignment]  # declared field, not Field.source (DRF's metaclass)
    locator = BlankAsNullCharField(help_text="Section ou page.")
    facts = BlankAsNullCharField(help_text="Ce que la source établit.")

    class Meta:
        model = ProjectSource
        fields = ["source", "locator", "facts"]


class FieldCertaintySerializer(SourcedFieldsMixin, serializers.Serializer):
    """Certitude d'un fait propre au projet (famille, modes d'intervention, total de logements…), avec sa source.
    Un champ sans entrée est tel qu'écrit dans les sources du projet (`citations`)."""

    field = serializers.ChoiceField(FieldCertainty.Field.choices, read_only=True, help_text="Le fait concerné.")


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
    field_certainties = FieldCertaintySerializer(
        many=True, read_only=True, help_text="Certitude et source des faits propres au projet."
    )
    visits = serializers.SerializerMethodField(help_text="Visites et réunions d'information à venir.")

    class Meta(ProjectListSerializer.Meta):
        fields = record.api_detail_fields()
        read_only_fields = fields

    def get_citation(self, project) -> str:
        # The same wording as the "Citer cette page" block of the HTML page.
        return project_citation(project, self.get_url(project))

    @extend_schema_field(VisitSerializer(many=True))
    def get_visits(self, project):
        return VisitSerializer([visit for visit in project.visit_rows if visit.is_upcoming], many=True).data
