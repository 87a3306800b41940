"""Error pages (400, 403, 404, 500) and the "database unavailable" page (503).

They are rendered without context processors, so that showing an error never needs the
database (no session, user or messages lookup): a page that fails because the database went
away must still say so politely. The 500 handler turns a lost database connection
(``OperationalError`` / ``InterfaceError``, wherever it was raised: view, template, middleware)
into a 503 with ``Retry-After``, since waiting is the visitor's only remedy; so does a database
that refuses writes (read-only, or SQLite still locked after its busy timeout): the page then
says that the change was not saved and to try again.
"""

import sys

from django.contrib import admin
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

RETRY_AFTER_SECONDS = 120


API_PREFIX = "/api/"
API_MESSAGES = {
    400: _("Requête invalide."),
    403: _("Accès refusé."),
    404: _("Aucune ressource ne correspond à cette adresse."),
    500: _("Erreur interne du serveur."),
    503: _("Service momentanément indisponible : réessayez dans quelques minutes."),
}


# PostgreSQL's read_only_sql_transaction (default_transaction_read_only, a hot standby): Django
# raises it as InternalError.
READ_ONLY_SQLSTATE = "25006"


def database_unavailable(error):
    """The database cannot be reached or written for now (not a bug of ours): ``error`` or what it
    was raised from."""
    while error is not None:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        if isinstance(error, DatabaseError) and getattr(error.__cause__, "sqlstate", None) == READ_ONLY_SQLSTATE:
            return True
        error = error.__cause__ or error.__context__
    return False


def unavailable(request):
    """The 503 page with ``Retry-After``; after a write, it says the change was not saved."""
    writing = request is not None and request.method not in ("GET", "HEAD", "OPTIONS", "TRACE")
    response = render_error(request, "503.html", 503, with_request=False, extra={"writing": writing})
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def render_error(request, template_name, status, with_request=True, extra=None):
    if request is not None and request.path.startswith(API_PREFIX):
        # Addresses under /api/ that no API view answers (an undecodable code, say) still speak
        # the API's language: JSON, shaped as api.views.api_exception_handler shapes errors.
        message = str(API_MESSAGES[status])
        return JsonResponse({"errors": {"detail": [message]}}, status=status, json_dumps_params={"ensure_ascii": False})
    context = {"error_status": status, "csrf_token": get_token(request) if request is not None else "", **(extra or {})}
    if with_request:
        context["request"] = request
    return HttpResponse(loader.get_template(template_name).render(context), status=status)


def bad_request(request, exception=None):
    # The request may be what is wrong (a forged Host header): nothing of it is used.
    return render_error(request, "400.html", 400, with_request=False)


def permission_denied(request, exception=None):
    if in_admin(request):
        return admin_refusal(request, 403)
    return render_error(request, "403.html", 403)


def page_not_found(request, exception=None):
    if in_admin(request):
        return admin_refusal(request, 404)
    return render_error(request, "404.html", 404)


def in_admin(request):
    try:
        return request is not None and request.path.startswith(reverse("admin:index"))
    except NoReverseMatch:
        return False


def admin_refusal(request, status):
    """A refusal inside the back-office, in the admin's look (backoffice/templates/admin/refusal.html).
    The admin's context needs the user (the database): if that fails, the public page is shown."""
    try:
        context = {**admin.site.each_context(request), "error_status": status, "request": request}
        context["csrf_token"] = get_token(request)
        return HttpResponse(loader.get_template("admin/refusal.html").render(context, request), status=status)
    except DatabaseError:
        return render_error(request, f"{status}.html", status, with_request=False)


def server_error(request):
    if database_unavailable(sys.exc_info()[1]):
        return unavailable(request)
    return render_error(request, "500.html", 500, with_request=False)
