"""Statistics over the filtered catalogue (issue "Research and open data", item 3).

One builder per chart (``CHART_BUILDERS``, keyed by the slug of its CSV download); each
runs one aggregate query over the matching projects (see ``base``).
"""

from django.db.models import QuerySet

from common.charts import apportion  # noqa: F401 — re-exported (tests, callers of the old projects.stats)

from .base import Chart, Column, matching_projects, percent  # noqa: F401 — the package's public names
from .homes import (  # noqa: F401
    SHARE_PER_PROJECT_COLUMNS,
    homes_by_category,
    homes_by_status,
    overview,
    social_rental_share,
    social_rental_share_per_project,
)
from .projects import (  # noqa: F401
    projects_by_delivery_year,
    projects_by_developer_family,
    projects_by_intervention_mode,
    projects_by_region,
    year_rows,
)

CHART_BUILDERS = {
    "statuts": homes_by_status,
    "categories": homes_by_category,
    "familles-organismes": projects_by_developer_family,
    "regions": projects_by_region,
    "annees-livraison": projects_by_delivery_year,
    "modes-intervention": projects_by_intervention_mode,
    "part-locatif-social": social_rental_share,
}


def all_charts(matching: QuerySet) -> list[Chart]:
    return [build(matching) for build in CHART_BUILDERS.values()]
