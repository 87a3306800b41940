"""The helper's form (GET). Its values are never stored; ``PRIVATE_PARAMETERS`` are masked in the
logs (catalogue/logging.py) and left out of the shareable link."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo.models import Commune
from geo.places import INSEE_RE, resolve_place

from .household import Household
from .privacy import PRIVATE_PARAMETERS, SHARED_PARAMETERS

__all__ = ["PRIVATE_PARAMETERS", "SHARED_PARAMETERS", "EligibilityForm"]

MAX_ADULTS, MAX_DEPENDANTS, MAX_PERSONS = 12, 20, 20
MAX_INCOME = 2_000_000  # euros a year: above, the figure is surely a typo


class EligibilityForm(forms.Form):
    adultes = forms.IntegerField(
        label=_("Adultes du foyer"),
        min_value=1,
        max_value=MAX_ADULTS,
        initial=1,
        help_text=_("Vous, votre conjoint ou partenaire, et les autres adultes qui vivront dans le logement."),
        error_messages={"required": _("Indiquez le nombre d'adultes (au moins 1).")},
    )
    enfants = forms.IntegerField(
        label=_("Enfants et autres personnes à charge"),
        min_value=0,
        max_value=MAX_DEPENDANTS,
        initial=0,
        required=False,
        help_text=_("Au sens des impôts, y compris un enfant en garde alternée."),
    )
    age_1 = forms.IntegerField(label=_("Âge du premier membre du couple"), min_value=14, max_value=120, required=False)
    age_2 = forms.IntegerField(label=_("Âge du second membre du couple"), min_value=14, max_value=120, required=False)
    handicap = forms.BooleanField(
        label=_("Une personne du foyer a la carte mobilité inclusion portant la mention « invalidité »"),
        required=False,
    )
    revenu = forms.IntegerField(
        label=_("Revenu fiscal de référence de l'année N-2, en euros"),
        min_value=0,
        max_value=MAX_INCOME,
        help_text=_(
            "La somme des revenus fiscaux de référence de toutes les personnes du foyer, inscrits sur "
            "l'avis d'imposition reçu l'an dernier (revenus d'il y a deux ans)."
        ),
        error_messages={
            "required": _("Indiquez le revenu fiscal de référence (0 si aucun)."),
            "min_value": _("Le revenu ne peut pas être négatif."),
            "max_value": _("Ce montant paraît invraisemblable (plus de 2 millions d'euros par an) : vérifiez-le."),
            "invalid": _("Écrivez le revenu en euros, sans centimes ni espaces (par exemple 23500)."),
        },
    )
    lieu = forms.CharField(
        label=_("Commune ou code postal où vous cherchez"),
        max_length=100,
        error_messages={"required": _("Indiquez une commune ou un code postal.")},
    )
    insee = forms.CharField(required=False, widget=forms.HiddenInput, validators=[RegexValidator(INSEE_RE)])
    annee = forms.TypedChoiceField(label=_("Année de la demande"), coerce=int, required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        year_field = cast(forms.TypedChoiceField, self.fields["annee"])
        year_field.choices = [(year, str(year)) for year in years]
        self.fields["annee"].error_messages["invalid_choice"] = _(
            "Aucun barème de plafonds n'est chargé pour l'année %(value)s. Années disponibles : %(years)s."
        ) % {"value": "%(value)s", "years": ", ".join(str(year) for year in years) or "—"}
        self.place: Commune | None = None
        self.candidates: list[Commune] = []

    def default_year(self) -> int | None:
        today = timezone.localdate().year
        return today if today in self.years else (self.years[0] if self.years else None)

    def clean_annee(self) -> int | None:
        return self.cleaned_data.get("annee") or self.default_year()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        adults, dependants = data.get("adultes"), data.get("enfants") or 0
        data["enfants"] = dependants
        if adults and adults + dependants > MAX_PERSONS:
            self.add_error("enfants", _("Au plus %(max)s personnes par foyer.") % {"max": MAX_PERSONS})
        if not self.years:
            raise forms.ValidationError(_("Aucun barème de plafonds n'est chargé : le calcul est indisponible."))
        if "lieu" in data:
            place = resolve_place(data["lieu"], data.get("insee") or "")
            if place.found:
                self.place = place.commune
            elif place.ambiguous:
                self.candidates = place.candidates
                self.add_error("lieu", _("Plusieurs communes correspondent : choisissez la vôtre ci-dessous."))
            else:
                self.add_error("lieu", _("Commune ou code postal inconnu : vérifiez l'orthographe ou le code."))
        return data

    def household(self) -> Household:
        data = self.cleaned_data
        ages = tuple(age for age in (data.get("age_1"), data.get("age_2")) if age is not None)
        return Household(
            adults=data["adultes"], dependants=data["enfants"], ages=ages, disability=data.get("handicap", False)
        )
