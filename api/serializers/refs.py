"""Small nested representations (commune, département, région, source, organism…) and the error body."""

from rest_framework import serializers

from organisms.models import HlmFamily, OrganismKind
from projects.models import Certainty

from .fields import BlankAsNullCharField, BlankAsNullChoiceField


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


class CertaintyFieldsMixin(serializers.Serializer):
    certainty = serializers.ChoiceField(
        Certainty.choices,
        read_only=True,
        help_text="Certitude : `as_written` (tel qu'écrit dans la source), `computed` (calculé d'après la source), "
        "`inferred` (déduit : le raisonnement est dans `certainty_note`), `outside` (connaissance extérieure aux "
        "sources : la référence est dans `certainty_note`).",
    )
    certainty_note = BlankAsNullCharField(help_text="Raisonnement ou référence ; null pour un fait tel qu'écrit.")


class SourcedFieldsMixin(CertaintyFieldsMixin, serializers.Serializer):
    source = SourceRefSerializer(  # type: ignore[assignment]  # a declared field (DRF's metaclass moves it to _declared_fields), not Field.source
        allow_null=True, read_only=True, help_text="Document d'où vient l'information."
    )
    locator = BlankAsNullCharField(help_text="Page ou section de la source.")


class DeveloperSerializer(serializers.Serializer):
    """Maître d'ouvrage du projet."""

    slug = serializers.CharField()
    name = serializers.CharField()
    family = BlankAsNullChoiceField(
        HlmFamily.choices, help_text="Famille Hlm (OPH, ESH, COOP, OTHER) ; null si inconnue ou hors Hlm."
    )


class OrganismRefSerializer(serializers.Serializer):
    """Organisme (bailleur Hlm, collectivité, AMO…)."""

    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(OrganismKind.choices, read_only=True)
    family = BlankAsNullChoiceField(HlmFamily.choices)


class ErrorSerializer(serializers.Serializer):
    """Erreur : messages par paramètre fautif."""

    errors = serializers.DictField(  # type: ignore[assignment]  # a declared field (moved to _declared_fields by DRF's metaclass), not Serializer.errors
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages par paramètre fautif ; `detail` pour une erreur qui ne tient pas à un paramètre.",
    )
