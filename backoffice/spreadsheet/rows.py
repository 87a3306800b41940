"""One row of the file checked against the catalogue: a ``RowPlan`` (its changes, or its errors).

The cells are read and checked by ``RowCells`` (single-value columns) and ``RowLists`` (tenure
lines, actors, sources); here the project as it will be is checked by the model, and the row's
outcome decided: create, update, unchanged or error.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _

from projects.models import Project, PublicationStatus

from .columns import FIELD_TO_COLUMN, REQUIRED_COLUMNS, line_tuple, tenure_key
from .constraints import failed_constraints
from .opening import OpeningCells, opening_changed
from .plan import Action
from .row_lists import RowLists


class RowValidator(OpeningCells, RowLists):
    def run(self):
        plan = self.plan
        plan.slug, plan.name = self.get("slug"), self.get("nom")
        for key in REQUIRED_COLUMNS:
            if not self.get(key):
                plan.error(key, _("valeur obligatoire manquante."))
        if plan.slug:
            try:
                validate_slug(plan.slug)
            except ValidationError:
                plan.error(
                    "slug",
                    _("« %(value)s » n'est pas un slug valide (lettres, chiffres, tirets).") % {"value": plan.slug},
                )
        plan.project = self.lookups.projects.get(plan.slug)
        self._fields()
        self._commune()
        self._modes()
        tenure_total = self._tenure()
        self._actors()
        self._citations()
        self._opening()
        self._check_model(tenure_total)
        self._decide()
        return plan

    def _check_model(self, tenure_total):
        """The project as it will be, checked by the model itself (lengths, formats, constraints)."""
        plan = self.plan
        existing = plan.project
        project = (
            Project(**{f.attname: getattr(existing, f.attname) for f in Project._meta.concrete_fields})
            if existing
            else Project()
        )
        for name, value in plan.values.items():
            setattr(project, name, value)
        # Checked below against the lines the file describes (this unsaved copy only).
        project.tenure_total = lambda: 0  # type: ignore[method-assign]  # deliberate override on one instance
        # Commune and former region were resolved above, from the lookups; the check constraints
        # are evaluated below, in Python (Django runs one query per constraint). An update checks
        # the fields it changes: the others keep what is stored, as the admin's form would.
        unchecked = {"commune", "former_region"}
        if existing:
            changed = set(self._changed_fields(existing))
            unchecked |= {f.name for f in Project._meta.concrete_fields if f.name not in changed}
        try:
            project.full_clean(exclude=sorted(unchecked), validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = "" if name == NON_FIELD_ERRORS else FIELD_TO_COLUMN.get(name, name)
                if column and any(key == column for key, _message in plan.errors):
                    continue  # one message per cell: the file's own check (a control character…) said it
                for message in messages:
                    plan.error(column, message)
        for constraint, fields in failed_constraints(project):
            column = FIELD_TO_COLUMN.get(fields[0], "") if len(fields) == 1 else ""
            if column and any(key == column for key, _message in plan.errors):
                continue  # this cell already has its error (from the field's own validators)
            plan.error(column, constraint.get_violation_error_message())
        if project.total_homes is not None and tenure_total > project.total_homes:
            plan.error(
                "logements_total",
                _("les statuts d'occupation totalisent %(lines)s logements, plus que le total du projet (%(total)s).")
                % {"lines": tenure_total, "total": project.total_homes},
            )

    # Outcome

    def _decide(self):
        plan = self.plan
        if plan.errors:
            plan.action = Action.ERROR
            return
        project = plan.project
        if project is None:
            plan.action = Action.CREATE
            plan.status = PublicationStatus.PUBLISHED if self.publish else PublicationStatus.DRAFT
            return
        plan.changes = self._changes(project)
        if self.publish and project.status != PublicationStatus.PUBLISHED:
            plan.changes.append("statut")
        if plan.changes:
            plan.action = Action.UPDATE
            # An update keeps the project's status (as an edit in the admin does), unless publishing.
            plan.status = PublicationStatus.PUBLISHED if self.publish else project.status
        else:
            plan.action = Action.UNCHANGED
            plan.status = project.status

    def _changed_fields(self, project):
        """The project's fields whose value the row changes, in the file's order."""
        return [name for name, value in self.plan.values.items() if getattr(project, name) != value]

    def _changes(self, project):
        plan = self.plan
        changes = [FIELD_TO_COLUMN[name] for name in self._changed_fields(project)]
        if plan.modes is not None and {m.pk for m in plan.modes} != {m.pk for m in project.intervention_modes.all()}:
            changes.append("modes_intervention")
        existing = {tenure_key(line): line_tuple(line) for line in project.tenure_lines.all()}
        changes += [key for key, line in plan.tenure.items() if existing.get(key) != line]
        if plan.actors is not None and set(plan.actors) != {
            (a.organism, a.role, a.description, a.source) for a in project.actors.all()
        }:
            changes.append("acteurs")
        if plan.citations is not None and set(plan.citations) != {
            (c.source, c.locator, c.facts) for c in project.citations.all()
        }:
            changes.append("sources")
        if opening_changed(plan):
            changes.append("recrutement")
        return changes
