"""One public record (opendata.record): the export columns and the API's project fields are both
derived from it, under today's names (which differ for some facts: both are kept)."""

import importlib

from api.serializers import ProjectDetailSerializer, ProjectListSerializer
from opendata import record
from opendata.exports import columns
from projects.models import TenureCategory, TenureStatus

columns_module = importlib.import_module("opendata.exports.columns")

EXPORT_NAMES_BEFORE_TENURE = [
    "id", "slug", "name", "url", "api_url", "summary", "commune_insee", "commune_name", "department_code",
    "department_name", "region_code", "region_name", "former_region", "location_as_written", "latitude",
    "longitude", "participatory_family", "intervention_modes", "phase", "phase_as_of", "delivery_year",
    "delivery_text", "developers", "developer_slugs", "hlm_families", "actors", "total_homes",
    "participatory_homes", "homes_described", "homes_unspecified",
]  # fmt: skip
EXPORT_NAMES_AFTER_TENURE = [
    "opening_state", "opening_status", "opening_as_of", "homes_available", "homes_available_tenures",
    "sources", "source_slugs", "photo_urls", "photo_credits", "photo_licences", "published_at", "last_updated",
    "citation", "certainties",
]  # fmt: skip
API_LIST = [
    "id", "slug", "name", "url", "api_url", "summary", "commune", "departement", "region", "former_region",
    "latitude", "longitude", "participatory_family", "intervention_modes", "phase", "delivery_year",
    "delivery_text", "total_homes", "participatory_homes", "tenure_lines", "developers", "updated_at",
    "published_at", "opening",
]  # fmt: skip
API_DETAIL_ADDS = [
    "description", "location_as_written", "neighbourhood", "is_ecoquartier", "is_qpv", "phase_as_of", "website",
    "last_verified_on", "notes", "actors", "milestones", "surfaces", "cost_figures", "common_spaces", "quotes",
    "citations", "citation", "field_certainties", "visits",
]  # fmt: skip


def record_export_names():
    return [export.name for fact in record.RECORD for export in fact.export]


def test_the_export_columns_are_the_records_in_order_with_the_tenure_columns_after_the_totals(db):
    statuses = list(TenureStatus.objects.order_by("position", "short_name", "pk"))
    names = [column.name for column in columns(statuses)]
    generated = [f"homes_{status.code.replace('-', '_')}" for status in statuses] + [
        f"homes_category_{category.value}" for category in TenureCategory
    ]
    assert names == EXPORT_NAMES_BEFORE_TENURE + generated + EXPORT_NAMES_AFTER_TENURE
    assert [n for n in names if n not in generated] == record_export_names()


def test_the_api_project_fields_are_the_records_in_todays_order():
    assert ProjectListSerializer.Meta.fields == API_LIST == record.api_list_fields()
    assert ProjectDetailSerializer.Meta.fields == API_LIST + API_DETAIL_ADDS == record.api_detail_fields()
    api_names = {fact.api for fact in record.RECORD if fact.api}
    assert set(ProjectDetailSerializer.Meta.fields) == api_names
    assert set(ProjectDetailSerializer().fields) == api_names


def test_facts_named_differently_in_the_two_outputs_keep_both_names():
    assert record.FACTS["department"].api == "departement"
    assert [e.name for e in record.FACTS["department"].export] == ["department_code", "department_name"]
    assert record.FACTS["updated"].api == "updated_at"
    assert [e.name for e in record.FACTS["updated"].export] == ["last_updated"]


def test_every_fact_is_in_both_outputs_or_says_why_not():
    for fact in record.RECORD:
        assert fact.export or fact.api, fact.key
        if not (fact.export and fact.api):
            assert fact.one_sided, f"{fact.key} is in one output only and does not say why"
    assert len(record.FACTS) == len(record.RECORD), "two facts share a key"
    keys = record.API_LIST_ORDER + record.API_DETAIL_ORDER
    assert len(keys) == len(set(keys))
    assert all(record.FACTS[key].detail_only == (key in record.API_DETAIL_ORDER) for key in keys)


def test_the_rows_read_every_field_the_record_names():
    paths = {p for fact in record.RECORD for e in fact.export for p in (e.path, *e.reads) if p}
    assert set(columns_module.PROJECT_FIELDS) == paths


def test_a_fact_added_to_the_record_appears_in_both_outputs(monkeypatch, db):
    extra = record.Fact("extra", export=(record.Export("extra_column", "text", "Extra.", "name"),), api="extra_field")
    monkeypatch.setattr(record, "RECORD", (*record.RECORD, extra))
    monkeypatch.setattr(record, "FACTS", {**record.FACTS, "extra": extra})
    monkeypatch.setattr(record, "API_LIST_ORDER", (*record.API_LIST_ORDER, "extra"))
    assert record_export_names()[-1] == "extra_column"
    assert record.exports_around_tenure_columns()[1][-1].name == "extra_column"
    assert record.api_list_fields()[-1] == "extra_field"
    assert "extra_field" in record.api_detail_fields()
    # The export columns are built from whatever the record holds.
    assert columns_module._column(extra.export[0]).name == "extra_column"
