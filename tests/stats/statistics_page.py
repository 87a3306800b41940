"""The statistics page as the tests read it: its charts by slug, a chart's column, the published
tenure lines it sums, and the streamed CSV of the per-project shares."""

from projects.models import TenureLine
from stats.charts import CHART_BUILDERS

from .helpers import parse_csv

URL = "/statistiques/"
CHART_SLUGS = list(CHART_BUILDERS)


def charts(response):
    return {chart.slug: chart for chart in response.context["charts"]}


def column(chart, key, label_key="label"):
    return {str(row[label_key]): row[key] for row in chart.rows}


def published_lines():
    return TenureLine.objects.filter(project__status="published")


def share_csv(client, query=None):
    response = client.get("/statistiques/part-locatif-social-par-projet.csv", query or {})
    assert response.status_code == 200 and response.streaming
    header, *rows = parse_csv(response)
    return header, rows
