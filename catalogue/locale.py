"""The language of a request.

Public pages carry it in their address: French without prefix (``/projets/…``), English under
``/en/`` (``/en/projets/…``) — one URL per language, so links, caches and search engines never
mix them. The back-office, the API and the technical addresses have no language prefix: there the
language still comes from the visitor's choice (cookie) or browser (Accept-Language), as before.
"""

from django.middleware.locale import LocaleMiddleware
from django.utils import translation

# Addresses outside the language-prefixed patterns (catalogue/urls.py).
UNPREFIXED = ("/admin/", "/api/", "/i18n/", "/healthz", "/media/", "/static/")


class PathLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path_info.startswith(UNPREFIXED):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)
