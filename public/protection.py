"""The one foundation of the forms visitors fill in (error reports, contact messages).

* **CSRF**: Django's middleware; form pages are never cached (``never_cache``: their token is the
  visitor's own) while the project pages that link to them stay cached whole.
* **Honeypot**: a field people never see (hidden by CSS, out of the tab order, labelled « leave
  empty »); a submission that fills it is answered as a success and nothing is stored or sent.
* **Rate limits** in the Django cache (shared by every process with Redis): per client address,
  per target (a project, the site) and per e-mail address typed, over ``PUBLIC_FORM_WINDOW_SECONDS``.
  Cache keys hold a keyed hash, never the address itself. Beyond a limit: 429 with a clear message.
* **Plain text only**: control characters and HTML tags are refused with a message saying so;
  single-line fields (names) refuse line breaks (no header injection); sizes are bounded by the
  fields and the database.
* **No JavaScript needed**, errors in French and English, never a 500: bad input re-shows the form
  with its errors (400); a good one redirects to a confirmation page (a reload does not resend).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.login_protection import client_ip
from common.validators import validate_no_control_characters
from feedback.config import setting

HONEYPOT = "adresse_web"
# "<" followed by a letter, "/" or "!": the start of a tag, a closing tag or a comment.
_HTML_TAG = re.compile(r"<\s*[/!?]?\s*[A-Za-z]")


def validate_plain_text(value: str) -> None:
    if _HTML_TAG.search(value):
        raise ValidationError(_("Écrivez en texte simple, sans balises HTML (« < » suivi d'une lettre)."), code="html")


def validate_single_line(value: str) -> None:
    if "\r" in value or "\n" in value:
        raise ValidationError(_("Ce champ tient sur une seule ligne."), code="line_break")


class PlainTextField(forms.CharField):
    """Free text typed by a visitor: bounded, no control character, no HTML."""

    def __init__(self, *, max_length: int, single_line: bool = False, **kwargs: Any) -> None:
        validators = [validate_no_control_characters, validate_plain_text]
        if single_line:
            validators.append(validate_single_line)
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Ce champ est obligatoire."),
                "max_length": _("Au plus %(limit_value)d caractères (vous en avez écrit %(show_value)d)."),
                "min_length": _("Au moins %(limit_value)d caractères (vous en avez écrit %(show_value)d)."),
            },
        )
        super().__init__(max_length=max_length, validators=validators, **kwargs)


class VisitorEmailField(forms.EmailField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "error_messages", {"invalid": _("Saisissez une adresse électronique valide, comme nom@exemple.fr.")}
        )
        kwargs.setdefault("widget", forms.EmailInput(attrs={"autocomplete": "email"}))
        super().__init__(max_length=254, validators=[validate_single_line, validate_no_control_characters], **kwargs)


class ProtectedForm(forms.Form):
    """Base of every public form: the honeypot field, and required fields marked for assistive tech."""

    required_css_class = "required"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT] = forms.CharField(
            label=_("Ne remplissez pas ce champ"),
            required=False,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        for field in self.fields.values():
            if field.required:
                field.widget.attrs.setdefault("required", True)

    def is_bait_taken(self) -> bool:
        return bool(self.data.get(HONEYPOT, ""))


@dataclass(frozen=True)
class Limit:
    """At most ``limit`` accepted submissions per window for one (scope, value)."""

    scope: str
    value: str
    limit: int

    @property
    def key(self) -> str:
        digest = hmac.new(settings.SECRET_KEY.encode(), f"{self.scope}:{self.value}".encode(), hashlib.sha256)
        return f"publicform:{self.scope}:{digest.hexdigest()[:32]}"


def address_limit(request: HttpRequest) -> Limit:
    return Limit("address", client_ip(request) or "unknown", setting("PUBLIC_FORM_LIMIT_PER_ADDRESS"))


def target_limit(target: str) -> Limit:
    return Limit("target", target, setting("PUBLIC_FORM_LIMIT_PER_TARGET"))


def email_limit(email: str) -> Limit:
    return Limit("email", email.strip().lower(), setting("PUBLIC_FORM_LIMIT_PER_EMAIL"))


def exceeded(limits: Iterable[Limit]) -> bool:
    limits = list(limits)
    counts = cache.get_many([limit.key for limit in limits])
    return any(counts.get(limit.key, 0) >= limit.limit for limit in limits)


def count(limits: Iterable[Limit]) -> None:
    window = setting("PUBLIC_FORM_WINDOW_SECONDS")
    for limit in limits:
        if not cache.add(limit.key, 1, window):
            try:
                cache.incr(limit.key)
            except ValueError:  # expired between add and incr
                cache.set(limit.key, 1, window)


def posts_form(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let POST through ``catalogue.middleware.PublicMethodsMiddleware`` (its ``accepts_post`` mark)."""
    view.accepts_post = True  # type: ignore[attr-defined]
    return view


TOO_MANY = _(
    "Trop d'envois en peu de temps depuis cette connexion, vers ce destinataire ou avec cette adresse "
    "électronique. Votre message n'a pas été envoyé : réessayez dans une heure."
)


def handle(
    request: HttpRequest,
    *,
    form_class: type[ProtectedForm],
    template: str,
    context: dict[str, Any],
    limits: Callable[[ProtectedForm], list[Limit]],
    save: Callable[[ProtectedForm], object],
    success_url: str,
) -> HttpResponse:
    """GET shows the form; POST checks it, then saves and redirects to ``success_url``.

    ``limits(form)`` names the limits of a valid form (the address limit is always added)."""
    if request.method != "POST":
        return _page(request, template, {**context, "form": form_class()})
    form = form_class(request.POST)
    if form.is_bait_taken():
        count([address_limit(request)])
        return HttpResponseRedirect(success_url)
    if exceeded([address_limit(request)]):
        return _page(request, template, {**context, "form": form, "refusal": TOO_MANY}, status=429)
    if not form.is_valid():
        return _page(request, template, {**context, "form": form}, status=400)
    applied = [address_limit(request), *limits(form)]
    if exceeded(applied):
        return _page(request, template, {**context, "form": form, "refusal": TOO_MANY}, status=429)
    save(form)
    count(applied)
    return HttpResponseRedirect(success_url)


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    response = render(request, template, context, status=status)
    # The page carries this visitor's CSRF token: no shared cache may keep it.
    response["Cache-Control"] = "private, no-store, max-age=0"
    return response
