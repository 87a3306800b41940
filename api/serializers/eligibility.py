"""The shape of /api/v1/eligibilite/ for the OpenAPI schema (the view returns
``eligibility.answer.answer_data``, the page's own answer)."""

from rest_framework import serializers


class EligibilityLegalTextSerializer(serializers.Serializer):
    title = serializers.CharField()
    date = serializers.DateField()
    reference = serializers.CharField(help_text="NOR, JORF or Legifrance identifier.")
    article = serializers.CharField()
    rule = serializers.CharField(help_text="How the figure is computed, e.g. PLS = PLUS × 1.3; empty if typed.")
    url = serializers.URLField()


class EligibilityTenureSerializer(serializers.Serializer):
    tenure = serializers.ChoiceField(choices=["PLAI", "PLUS", "PLS", "PSLA", "BRS"])
    zone = serializers.CharField(allow_null=True, help_text="1, 2, 3 (social rental) or Abis, A, B1, B2, C.")
    category_or_persons = serializers.IntegerField(help_text="Household category (rental) or persons (PSLA, BRS).")
    ceiling = serializers.IntegerField(allow_null=True, help_text="Euros a year; null if no table is loaded.")
    eligible = serializers.BooleanField(allow_null=True)
    margin = serializers.IntegerField(allow_null=True, help_text="Ceiling minus income (negative: above it).")
    table_loaded = serializers.BooleanField()
    legal_text = EligibilityLegalTextSerializer(allow_null=True)


class EligibilityCommuneSerializer(serializers.Serializer):
    insee_code = serializers.CharField()
    name = serializers.CharField()
    department = serializers.CharField()


class EligibilityHomesSerializer(serializers.Serializer):
    tenure = serializers.CharField()
    count = serializers.IntegerField()


class EligibilityProjectSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField()
    commune = serializers.CharField(allow_null=True)
    distance_km = serializers.FloatField()
    homes = EligibilityHomesSerializer(many=True)
    phase = serializers.CharField(allow_null=True)


class EligibilitySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    commune = EligibilityCommuneSerializer()
    overseas = serializers.BooleanField(help_text="Overseas départements: other rules, no answer given.")
    persons = serializers.IntegerField()
    household_category = serializers.IntegerField(allow_null=True)
    rental_zone = serializers.CharField(allow_null=True)
    ownership_zone = serializers.CharField(allow_null=True)
    tenures = EligibilityTenureSerializer(many=True)
    projects = EligibilityProjectSerializer(many=True)
    notice = serializers.CharField()
