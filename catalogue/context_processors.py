"""Site identity for every template (optional: templates fall back to sensible defaults).

Register as ``catalogue.context_processors.site`` in ``TEMPLATES[0]["OPTIONS"]["context_processors"]``.
"""

from django.conf import settings


def site(request):
    site_url = getattr(settings, "SITE_URL", "").rstrip("/")
    return {
        # A proper name, used in citations ("Citer cette page") and exports.
        "site_name": getattr(settings, "SITE_NAME", ""),
        "site_url": site_url,
        # The public address of this page, whatever host the request came through.
        "canonical_url": f"{site_url}{request.path}" if site_url else "",
    }
