"""« Mes préférences »: what every back-office user sets for themself (the language of their e-mails)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("language",)
        widgets = {"language": forms.RadioSelect}


def preferences_view(request: HttpRequest, admin_site: admin.AdminSite) -> HttpResponse:
    """Any logged-in staff user changes their own preferences (nobody else's: no id in the URL)."""
    user = request.user
    if not isinstance(user, User):  # admin_view lets only logged-in staff in
        raise PermissionDenied
    form = PreferencesForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Vos préférences sont enregistrées."))
        return redirect("admin:preferences")
    context = {
        **admin_site.each_context(request),
        "title": _("Mes préférences"),
        "form": form,
    }
    return TemplateResponse(request, "admin/preferences.html", context)
