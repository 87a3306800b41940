"""Open-data API. Version 1 lives under /api/v1/; the schema and its documentation pages
describe every version served (/api/schema/, /api/docs/, /api/redoc/)."""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("projets", views.ProjectViewSet, basename="project")
router.register("faits", views.FactViewSet, basename="fact")
router.register("organismes", views.OrganismViewSet, basename="organism")
router.register("statuts", views.TenureStatusViewSet, basename="tenure-status")
router.register("territoires/regions", views.RegionViewSet, basename="region")
router.register("territoires/departements", views.DepartmentViewSet, basename="department")

v1 = [
    path("", views.ApiRootView.as_view(), name="root"),
    *router.urls,
    path("eligibilite/", views.EligibilityView.as_view(), name="eligibility"),
    # Anything else under /api/v1/ is a JSON 404 (addresses without their final slash are
    # first redirected by CommonMiddleware, as everywhere on the site).
    re_path(r"^.*/$", views.not_found),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.SwaggerView.as_view(), name="docs"),
    path("redoc/", views.RedocView.as_view(), name="redoc"),
]
