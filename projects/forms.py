"""What is left of the project admin's forms here (they moved to ``backoffice.forms``):
``version_of``, used by ``projects.workflow`` — it moves to the workflow itself (redesign A)."""

from datetime import UTC


def version_of(updated_at):
    """The value carried by the form's hidden ``opened_version`` field."""
    return updated_at.astimezone(UTC).isoformat() if updated_at else ""
