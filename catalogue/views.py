"""The liveness probe (the site's pages are in public.views.pages, robots.txt in opendata.discovery)."""

from django.http import HttpResponse


def healthz(request):
    """Liveness probe for the load balancer and the benchmark's reference: plain text, no database."""
    response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
