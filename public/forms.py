"""Forms of the public pages."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.text import normalize
from geo.places import INSEE_RE, NAME_WITH_DEPARTMENT_RE, POSTCODE_RE

RADIUS_CHOICES = (10, 25, 50, 100, 200)
DEFAULT_RADIUS_KM = 50
MAX_RADIUS_KM = 1000


class NearForm(forms.Form):
    lieu = forms.CharField(
        label=gettext_lazy("Commune ou code postal"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Par exemple « Clermont-Ferrand », « clermont ferrand » ou « 63000 »."),
        error_messages={"max_length": gettext_lazy("Tapez au plus %(limit_value)d caractères.")},
    )
    rayon = forms.IntegerField(
        label=gettext_lazy("Dans un rayon de (km)"),
        min_value=1,
        max_value=MAX_RADIUS_KM,
        required=False,
        error_messages={
            "invalid": gettext_lazy("Choisissez une distance en kilomètres."),
            "min_value": gettext_lazy("La distance doit être d'au moins %(limit_value)s km."),
            "max_value": gettext_lazy("La distance ne peut pas dépasser %(limit_value)s km."),
        },
    )
    commune = forms.RegexField(regex=INSEE_RE, max_length=5, required=False)

    def clean_lieu(self):
        value = self.cleaned_data["lieu"].strip()
        if value and not POSTCODE_RE.match(value):
            name = NAME_WITH_DEPARTMENT_RE.match(value)
            normalized = normalize(name.group("name") if name else value)
            if not normalized:
                raise forms.ValidationError(_("Tapez un nom de commune ou un code postal à 5 chiffres."))
            if normalized.isdigit():
                raise forms.ValidationError(_("Un code postal compte 5 chiffres, par exemple 63000."))
            if len(normalized) < 2:
                raise forms.ValidationError(_("Tapez au moins deux lettres du nom de la commune."))
        return value

    def clean_rayon(self):
        return self.cleaned_data["rayon"] or DEFAULT_RADIUS_KM
