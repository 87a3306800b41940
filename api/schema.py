"""OpenAPI details that drf-spectacular cannot guess from the shared FilterSets.

``ProjectFilter`` and ``OrganismFilter`` are the same classes the HTML pages use; they are
not changed for the API. This extension (imported by ``ApiConfig.ready``) only teaches the
schema generator two things about them:

* a ``Model(Multiple)ChoiceFilter`` with ``to_field_name`` takes the values of that field of
  the *related* model (a region slug, a département code, a status code…), whatever its
  ``field_name`` or ``method``;
* integer filters carry their form bounds (``min_value``/``max_value``), so the schema says
  ``annee_min`` is an integer between 1900 and 2100.

It also adds where to find the valid values of the reference-data parameters.
"""

from django_filters import filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension

# Where clients find the accepted values of parameters whose values live in the database.
VALUE_HINTS = {
    "region": "Slug de la région (champ `slug` de /api/v1/territoires/regions/), par exemple `occitanie`.",
    "departement": "Code INSEE du département (champ `code` de /api/v1/territoires/departements/), "
    "par exemple `33` ou `2A`. Répétable : `departement=33&departement=64`.",
    "organisme": "Slug de l'organisme (champ `slug` de /api/v1/organismes/). Répétable.",
    "statut": "Code du statut d'occupation (champ `code` de /api/v1/statuts/), par exemple `psla`. Répétable.",
    "mode": "Code du mode d'intervention de l'organisme Hlm (`partnership`, `solicitation`, `own-initiative`). "
    "Répétable.",
    "q": "Texte libre (200 caractères au plus) : chaque mot doit se retrouver dans le projet, "
    "sans tenir compte des accents ni de la casse.",
    "tri": "Ordre des résultats. Par défaut : pertinence si `q` est donné, sinon nom.",
}
REPEATABLE = "Répétable : un projet correspond s'il a l'une des valeurs données."


class SharedFilterSetExtension(DjangoFilterExtension):
    target_class = "django_filters.rest_framework.DjangoFilterBackend"
    match_subclasses = True
    priority = 1  # wins over drf-spectacular's own DjangoFilterExtension

    def _get_model_field(self, filter_field, model):
        queryset = filter_field.extra.get("queryset")
        to_field_name = filter_field.extra.get("to_field_name")
        if queryset is not None and to_field_name and not callable(queryset):
            return queryset.model._meta.get_field(to_field_name)
        return super()._get_model_field(filter_field, model)

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        for parameter in parameters:
            schema = parameter["schema"]
            if isinstance(filter_field, filters.NumberFilter):
                for bound, key in (("min_value", "minimum"), ("max_value", "maximum")):
                    if filter_field.extra.get(bound) is not None:
                        schema[key] = filter_field.extra[bound]
            if filter_field.extra.get("max_length"):
                schema["maxLength"] = filter_field.extra["max_length"]
            hint = VALUE_HINTS.get(field_name)
            description = parameter.get("description") or ""
            if hint:
                description = f"{description}\n\n{hint}" if description else hint
            elif isinstance(filter_field, filters.MultipleChoiceFilter):
                description = f"{description}\n\n{REPEATABLE}"
            parameter["description"] = description.strip()
        return parameters
