"""What an import would do, row by row: nothing is written until ``apply``."""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from projects.models import Project, PublicationStatus

# --- Plans ---------------------------------------------------------------------------------


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"

    LABELS = {
        CREATE: _("création"),
        UPDATE: _("mise à jour"),
        UNCHANGED: _("inchangé"),
        ERROR: _("erreur"),
    }
    #: For the counts of a preview ("À créer : 3").
    COUNT_LABELS = {
        CREATE: _("À créer"),
        UPDATE: _("À mettre à jour"),
        UNCHANGED: _("Inchangés"),
        ERROR: _("En erreur"),
    }


@dataclass
class RowPlan:
    """What one row of the file will do, or why it cannot."""

    line: int
    slug: str = ""
    name: str = ""
    action: str = Action.ERROR
    errors: list = field(default_factory=list)  # [(column, message)]
    changes: list = field(default_factory=list)  # columns whose value changes
    project: Project | None = None  # the existing project (update, unchanged)
    values: dict = field(default_factory=dict)  # Project field -> value, for the columns present
    modes: list | None = None  # InterventionMode list, or None when the column is absent
    tenure: dict = field(default_factory=dict)  # tenure column -> line tuple or None (no line)
    actors: list | None = None  # [(organism, role, description, source)]
    citations: list | None = None  # [(source, locator, facts)]
    opening: tuple | None = None  # (status, as_of, homes, tenure codes, how to join); () none; None untouched
    status: str = ""  # publication status after the import

    @property
    def action_label(self):
        return Action.LABELS[self.action]

    @property
    def status_label(self):
        return PublicationStatus(self.status).label if self.status else ""

    def error(self, column, message):
        if (column, str(message)) not in self.errors:
            self.errors.append((column, str(message)))

    def signature(self):
        """Everything this row will write, with database ids: two equal signatures write the same thing."""

        def ref(value):
            return getattr(value, "pk", value)

        def jsonable(value):
            if isinstance(value, (datetime.date, datetime.datetime)):
                return value.isoformat()
            return ref(value)

        return [
            self.line,
            self.action,
            self.slug,
            self.project.pk if self.project else None,
            self.status,
            {name: jsonable(value) for name, value in sorted(self.values.items())},
            sorted(mode.pk for mode in self.modes) if self.modes is not None else None,
            {key: [ref(part) for part in line] if line else None for key, line in sorted(self.tenure.items())},
            sorted([ref(part) for part in actor] for actor in self.actors) if self.actors is not None else None,
            sorted([ref(part) for part in cite] for cite in self.citations) if self.citations is not None else None,
            [jsonable(part) if not isinstance(part, frozenset) else sorted(part) for part in self.opening]
            if self.opening is not None
            else None,
            self.errors,
        ]


@dataclass
class ImportPlan:
    rows: list
    publish: bool = False

    @property
    def has_errors(self):
        return any(row.errors for row in self.rows)

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self):
        return {action: self.count(action) for action in Action.LABELS}

    @property
    def error_rows(self):
        return [row for row in self.rows if row.errors]

    def fingerprint(self):
        payload = json.dumps([self.publish, [row.signature() for row in self.rows]], sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()
