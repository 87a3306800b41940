"""The site's URLs plus views that fail on purpose, for the error-page and logging tests."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from caching.parameters import accepts
from catalogue.urls import handler400, handler403, handler404, handler500  # noqa: F401
from catalogue.urls import urlpatterns as site_urlpatterns


@accepts("token", "page")
def failing_view(request):
    raise RuntimeError("Échec voulu par le test (password=hunter2)")


urlpatterns = [
    *i18n_patterns(path("test-erreur-500/", failing_view), prefix_default_language=False),
    *site_urlpatterns,
]
