"""HTTP helpers shared by the pages, the exports and the feeds."""

from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


def invalid_parameters(errors: dict[str, list[str]], as_json: bool = False) -> HttpResponse:
    """400 naming every invalid parameter: JSON ``{"errors": {…}}`` like the API, or plain text."""
    if as_json:
        response = JsonResponse({"errors": errors}, status=400, json_dumps_params={"ensure_ascii": False})
        response["Access-Control-Allow-Origin"] = "*"
        return response
    problems = "; ".join(f"{name} : {' '.join(messages)}" for name, messages in errors.items())
    return HttpResponseBadRequest(
        _("Paramètres invalides : %(problems)s") % {"problems": problems}, content_type="text/plain; charset=utf-8"
    )
