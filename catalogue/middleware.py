from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


class RejectNullBytesMiddleware:
    """Answer 400 to query strings carrying NUL bytes: no database can store or compare them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("QUERY_STRING", "")
        if "%00" in raw or "\x00" in raw or any("\x00" in value for values in request.GET.lists() for value in values[1]):
            return HttpResponseBadRequest(_("Caractère nul interdit dans l'adresse."), content_type="text/plain; charset=utf-8")
        return self.get_response(request)
