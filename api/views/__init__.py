"""Read-only open-data API, version 1 (issue "Research and open data", item 2).

Every endpoint starts from ``Project.objects.published()``: drafts, submitted and archived
projects never appear, not even in counts. The project list is filtered by
``projects.filters.ProjectFilter`` — the very FilterSet of the HTML list, the map and the
exports — through django-filter's DRF backend, so the OpenAPI schema documents exactly the
parameters the site accepts.
"""

from .base import CACHE_MAX_AGE, ApiViewMixin, CachedGetMixin, api_exception_handler, not_found
from .docs import ApiRootView, RedocView, SchemaView, SwaggerView
from .eligibility import EligibilityView
from .facts import FactViewSet
from .organisms import OrganismViewSet
from .projects import ProjectViewSet
from .reference import DepartmentViewSet, RegionViewSet, TenureStatusViewSet

__all__ = [
    "CACHE_MAX_AGE",
    "ApiRootView",
    "ApiViewMixin",
    "CachedGetMixin",
    "DepartmentViewSet",
    "EligibilityView",
    "FactViewSet",
    "OrganismViewSet",
    "ProjectViewSet",
    "RedocView",
    "RegionViewSet",
    "SchemaView",
    "SwaggerView",
    "TenureStatusViewSet",
    "api_exception_handler",
    "not_found",
]
