"""The registry of a project's lines is complete: a new kind of line cannot be forgotten by revisions."""

from projects.models import Project
from projects.revisions.registry import CHILDREN, NOT_CONTENT, carried_fields


def test_every_relation_of_a_project_is_declared_content_or_not():
    relations = {
        field.name if not field.auto_created or field.concrete else field.get_accessor_name()
        for field in Project._meta.get_fields()
        if (field.one_to_many or field.one_to_one) and not field.name.startswith("historical")
    }
    relations = {name for name in relations if name and not name.startswith("history")}
    declared = {child.related_name for child in CHILDREN} | NOT_CONTENT
    assert relations <= declared, f"add to projects/revisions/registry.py: {sorted(relations - declared)}"


def test_every_declared_line_points_to_the_project_and_its_diff_fields_exist():
    for child in CHILDREN:
        assert child.model._meta.get_field("project").related_model is Project
        for name in child.fields:
            child.model._meta.get_field(name)


def test_a_revision_carries_what_editors_fill_in_but_never_the_address_or_publication_state():
    fields = set(carried_fields())
    assert {"name", "summary", "total_homes", "commune", "how_to_get_involved"} <= fields
    assert not fields & {"slug", "status", "published_at", "revision_of", "search_document"}
