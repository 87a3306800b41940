"""Error pages (400, 403, 404, 500) and the "database unavailable" page (503).

They are rendered without context processors, so that showing an error never needs the
database (no session, user or messages lookup): a page that fails because the database went
away must still say so politely. The 500 handler turns a lost database connection
(``OperationalError`` / ``InterfaceError``, wherever it was raised: view, template, middleware)
into a 503 with ``Retry-After``, since waiting is the visitor's only remedy.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import loader

RETRY_AFTER_SECONDS = 120


def render_error(request, template_name, status, with_request=True):
    context = {"error_status": status, "csrf_token": get_token(request) if request is not None else ""}
    if with_request:
        context["request"] = request
    return HttpResponse(loader.get_template(template_name).render(context), status=status)


def bad_request(request, exception=None):
    # The request may be what is wrong (a forged Host header): nothing of it is used.
    return render_error(request, "400.html", 400, with_request=False)


def permission_denied(request, exception=None):
    return render_error(request, "403.html", 403)


def page_not_found(request, exception=None):
    return render_error(request, "404.html", 404)


def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = render_error(request, "503.html", 503, with_request=False)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return render_error(request, "500.html", 500, with_request=False)
