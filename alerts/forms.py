"""The « Me prévenir » form: an address, how often; the criteria travel as hidden fields."""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from geo.places import resolve_place
from projects.filters import ProjectFilter, filter_errors, filter_querystring

from .models import MAX_CRITERIA, MAX_RADIUS_KM, Frequency


class AlertForm(forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        max_length=254,
        help_text=_(
            "Utilisée seulement pour vous envoyer ces alertes. Nous gardons votre adresse, ces critères et les dates "
            "d'envoi, rien d'autre ; sans confirmation sous quelques jours, tout est effacé. Un lien dans chaque "
            "courriel vous désabonne en un clic, et le désabonnement efface tout."
        ),
        error_messages={"invalid": _("Saisissez une adresse électronique valide, par exemple nom@exemple.fr.")},
    )
    frequency = forms.ChoiceField(
        label=_("Fréquence"), choices=Frequency.choices, initial=Frequency.WEEKLY, widget=forms.RadioSelect
    )
    criteres = forms.CharField(required=False, max_length=MAX_CRITERIA, widget=forms.HiddenInput)
    commune = forms.RegexField(regex=r"^[0-9AB]{5}$", required=False, max_length=5, widget=forms.HiddenInput)
    rayon = forms.IntegerField(required=False, min_value=1, max_value=MAX_RADIUS_KM, widget=forms.HiddenInput)

    def clean_email(self):
        email = self.cleaned_data["email"]
        if any(char in email for char in "\r\n\0,;<>"):
            raise forms.ValidationError(_("Une seule adresse, sans retour à la ligne."))
        return email

    def clean_criteres(self):
        criteria = self.cleaned_data["criteres"]
        filterset = ProjectFilter(QueryDict(criteria), queryset=None)
        if filter_errors(filterset):
            raise forms.ValidationError(_("Ces critères de recherche ne sont pas valides : repartez de la liste."))
        # Canonical: only the FilterSet's parameters, never the sort.
        return filter_querystring(QueryDict(criteria), drop=("tri",))

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        insee, radius = cleaned.get("commune"), cleaned.get("rayon")
        cleaned["near_commune"] = None
        if insee:
            place = resolve_place("", insee)
            if place.commune is None or not radius:
                raise forms.ValidationError(_("Commune ou rayon inconnu : refaites la recherche près de chez vous."))
            cleaned["near_commune"] = place.commune
        return cleaned
