"""Serving uploaded media from Django, for local runs only (``SERVE_MEDIA``; docs/photos.md#serving-photos).

Production serves MEDIA_ROOT from the front web server or an object store. Here, files
are served from MEDIA_ROOT only (``django.views.static.serve`` refuses paths leaving it,
and lists no directories) with headers that stop a browser from running anything found
there: ``nosniff``, a sandboxing Content-Security-Policy, and a download disposition for
anything that is not an image.
"""

import re

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'none'; script-src 'none'; frame-ancestors 'none'; sandbox"


def serve_media(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if not response.get("Content-Type", "").startswith("image/") or response["Content-Type"].startswith("image/svg"):
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    return response


def media_urlpatterns():
    """The media URL when SERVE_MEDIA is on and MEDIA_URL is a local path (not a CDN or S3 address)."""
    prefix = settings.MEDIA_URL.lstrip("/")
    if not settings.SERVE_MEDIA or not prefix or "://" in settings.MEDIA_URL:
        return []
    return [re_path(rf"^{re.escape(prefix)}(?P<path>.+)$", serve_media, name="media")]
