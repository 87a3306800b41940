"""Site-wide pages of trust and the site's contact form (names without a namespace, like ``about``)."""

from django.urls import path

from ..views import feedback, trust

urlpatterns = [
    path("mentions-legales/", trust.legal_notice, name="legal_notice"),
    path("accessibilite/", trust.accessibility, name="accessibility"),
    path("donnees-personnelles/", trust.personal_data, name="personal_data"),
    path("contact/", feedback.contact_site, name="contact"),
    path("contact/merci/", feedback.contact_site_sent, name="contact_sent"),
]
