"""The forms visitors fill in, on the foundation of public/protection.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models import MAX_MESSAGE, MAX_NAME, MAX_REPORT

from .protection import PlainTextField, ProtectedForm, VisitorEmailField

MIN_TEXT = 10


class ErrorReportForm(ProtectedForm):
    description = PlainTextField(
        label=_("Qu'est-ce qui est inexact ou manque ?"),
        max_length=MAX_REPORT,
        min_length=MIN_TEXT,
        help_text=_("Par exemple : le nombre de logements, une date, un acteur. Indiquez votre source si possible."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    email = VisitorEmailField(
        label=_("Votre courriel (facultatif)"),
        required=False,
        help_text=_("Seulement pour vous répondre quand le signalement aura été traité."),
    )


class ContactForm(ProtectedForm):
    name = PlainTextField(label=_("Votre nom"), max_length=MAX_NAME, single_line=True)
    email = VisitorEmailField(label=_("Votre courriel"), help_text=_("Pour qu'on puisse vous répondre."))
    message = PlainTextField(
        label=_("Votre message"),
        max_length=MAX_MESSAGE,
        min_length=MIN_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte que mon nom, mon courriel et mon message soient transmis aux destinataires indiqués "
            "et conservés pour cet échange, comme expliqué ci-dessus."
        ),
        error_messages={"required": _("Cochez cette case pour envoyer le message : sans elle, rien n'est transmis.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
