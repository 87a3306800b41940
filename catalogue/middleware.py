import logging
import re
import uuid
from functools import lru_cache

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseForbidden, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, get_script_prefix, get_urlconf, resolve, reverse
from django.utils.translation import gettext as _

from common.validators import has_control_characters

from .errors import database_unavailable
from .logging import current_request_id

logger = logging.getLogger(__name__)

# A client's or proxy's X-Request-ID is kept when it is a sane token, else replaced.
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


def _client_error(request, message, status=400):
    if request.path.startswith("/api/") or request.path.endswith((".json", ".geojson")):
        # JSON clients get the API's error shape.
        return JsonResponse({"errors": {"detail": [message]}}, status=status, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RejectControlCharactersMiddleware:
    """Answer 400 to query strings carrying a control character (common/validators.py: C0
    controls other than tab, line feed and carriage return, NUL included): no text of the
    catalogue contains one, PostgreSQL cannot store NUL and XML (the Atom feed) cannot carry any."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("QUERY_STRING", "")
        if "\x00" in raw or any(
            has_control_characters(text) for name, values in request.GET.lists() for text in (name, *values)
        ):
            return _client_error(request, _("Caractère de contrôle interdit dans l'adresse."))
        return self.get_response(request)


class PublicMethodsMiddleware:
    """Public addresses answer GET and HEAD, and POST where a form posts (a view marked with
    ``accepts_post``); anything else (TRACE, OPTIONS, PUT, DELETE…) gets 405 with ``Allow``.
    The back-office keeps Django's own handling."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") or request.path.startswith(admin_prefix()):
            return self.get_response(request)
        try:
            view = resolve(request.path_info).func
        except Resolver404:
            view = None
        allowed = ["GET", "HEAD", *(["POST"] if getattr(view, "accepts_post", False) else [])]
        if request.method in allowed:
            return self.get_response(request)
        response = _client_error(request, _("Méthode HTTP non autorisée à cette adresse."), status=405)
        response["Allow"] = ", ".join(allowed)
        return response


def accepts_post(view):
    """Mark a public view that a form posts to (PublicMethodsMiddleware lets POST through)."""
    view.accepts_post = True
    return view


class AdminHttpsOnlyMiddleware:
    """With ``ADMIN_HTTPS_ONLY``, the admin is never served over plain HTTP.

    A GET is redirected to the same address over HTTPS; anything else (a login form
    posted over HTTP) is refused without being processed. Independent of
    ``SECURE_SSL_REDIRECT``, which a deployment behind a TLS proxy may turn off.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.ADMIN_HTTPS_ONLY and not request.is_secure() and request.path.startswith(admin_prefix()):
            if request.method in ("GET", "HEAD"):
                return HttpResponsePermanentRedirect(f"https://{request.get_host()}{request.get_full_path()}")
            return HttpResponseForbidden(
                _("L'espace éditeurs n'est accessible qu'en HTTPS."), content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


def admin_prefix():
    """The back-office's address prefix (AdminHttpsOnlyMiddleware asks on every request): reversed
    once per URL configuration and script prefix, not on every request."""
    return _admin_prefix(settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())


@lru_cache(maxsize=8)
def _admin_prefix(root_urlconf, urlconf, script_prefix):
    return reverse("admin:index")


@receiver(setting_changed)
def _forget_admin_prefix(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # the same name may be reloaded with other contents (tests)
        _admin_prefix.cache_clear()


class RequestIdMiddleware:
    """Give each request an id: the incoming ``X-Request-ID`` when sane, else a new UUID.

    It is echoed in the response's ``X-Request-ID`` header and added to every log record
    written while the request is handled (``catalogue.logging.RequestContextFilter``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = incoming if _SANE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class SecurityHeadersMiddleware:
    """The headers Django's SecurityMiddleware does not set: ``Permissions-Policy`` (from the
    ``PERMISSIONS_POLICY`` setting, every listed feature off) and ``Cross-Origin-Resource-Policy``."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class ResilientSessionMiddleware(SessionMiddleware):
    """Django's session middleware, except that a session that cannot be saved because the
    database cannot be written (read-only, unreachable, SQLite locked) does not turn the page
    into « 400 Requête incorrecte »: the page is served as computed (a public page, the admin's
    pages, the 503 page of a write that failed), only the session's expiry is not pushed back.
    A session deleted meanwhile (logged out elsewhere) still gets Django's 400."""

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except Exception as error:
            if not database_unavailable(error):
                raise
            logger.warning("Session not saved: the database cannot be written (%s).", type(error).__name__)
            return response
