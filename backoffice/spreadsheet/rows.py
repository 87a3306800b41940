"""One row of the file checked against the catalogue: a ``RowPlan`` (its changes, or its errors)."""

import datetime
from typing import cast

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_slug
from django.db.models import Field
from django.utils.translation import gettext_lazy as _

from common.spreadsheets import control_character
from common.text import normalize
from projects.models import MAX_HOMES, ActorRole, Project, ProjectActor, ProjectSource, PublicationStatus, TenureLine

from .columns import (
    BOOLEAN_COLUMNS,
    CHOICE_COLUMNS,
    DATE_COLUMNS,
    FALSE_WORDS,
    FIELD_TO_COLUMN,
    INTEGER_BOUNDS,
    INTEGER_COLUMNS,
    REQUIRED_COLUMNS,
    TENURE_PREFIX,
    TEXT_COLUMNS,
    TRUE_WORDS,
    line_tuple,
    split_items,
    tenure_key,
)
from .constraints import failed_constraints
from .plan import Action, RowPlan


class RowValidator:
    def __init__(self, headers, line, cells, lookups, publish):
        self.headers = headers
        self.cells = dict(zip(headers, cells, strict=False))  # a short row lacks its last cells
        self.lookups = lookups
        self.publish = publish
        self.plan = RowPlan(line=line)
        if len(cells) > len(headers):
            self.plan.error(
                "",
                _("la ligne a %(cells)s cellules, l'en-tête n'a que %(headers)s colonnes.")
                % {"cells": len(cells), "headers": len(headers)},
            )
        for number, cell in enumerate(cells):
            char = control_character(cell)
            if char:
                column = headers[number] if number < len(headers) else _("colonne %(number)s") % {"number": number + 1}
                self.plan.error(
                    str(column),
                    _("caractère de contrôle interdit (%(char)s) : retirez-le du fichier.") % {"char": char},
                )

    def present(self, key):
        return key in self.headers

    def get(self, key):
        return self.cells.get(key, "")

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
        self._check_model(tenure_total)
        self._decide()
        return plan

    # Simple fields

    def _fields(self):
        values = self.plan.values
        for key, name in TEXT_COLUMNS.items():
            if self.present(key):
                values[name] = self.get(key)
        for key, name in INTEGER_COLUMNS.items():
            if self.present(key):
                number = self._integer(key, self.get(key), *INTEGER_BOUNDS[key])
                if number is not False:
                    values[name] = number
        for key, name in BOOLEAN_COLUMNS.items():
            if self.present(key):
                word = normalize(self.get(key))
                if not word:
                    values[name] = None
                elif word in TRUE_WORDS:
                    values[name] = True
                elif word in FALSE_WORDS:
                    values[name] = False
                else:
                    self.plan.error(
                        key, _("« %(value)s » : écrivez oui, non, ou laissez vide.") % {"value": self.get(key)}
                    )
        for key, (name, choices) in CHOICE_COLUMNS.items():
            if self.present(key):
                code = self.get(key)
                if not code:
                    values[name] = cast(Field, Project._meta.get_field(name)).get_default()  # a concrete field
                elif code in choices.values:
                    values[name] = code
                else:
                    self.plan.error(
                        key,
                        _("code inconnu « %(value)s » ; codes possibles : %(codes)s.")
                        % {"value": code, "codes": ", ".join(choices.values)},
                    )
        for key, name in DATE_COLUMNS.items():
            if self.present(key):
                text = self.get(key)
                if not text:
                    values[name] = None
                    continue
                for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
                    try:
                        values[name] = datetime.datetime.strptime(text, pattern).date()
                        break
                    except ValueError:
                        continue
                else:
                    self.plan.error(
                        key, _("« %(value)s » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA).") % {"value": text}
                    )
        if self.present("ancienne_region"):
            name = self.get("ancienne_region")
            region = self.lookups.former_regions.get(normalize(name)) if name else None
            if name and region is None:
                self.plan.error("ancienne_region", _("ancienne région inconnue « %(value)s ».") % {"value": name})
            else:
                values["former_region"] = region

    def _integer(self, key, text, minimum=None, maximum=None, message=None):
        """The integer in ``text``, None if empty, False (and an error) if not an integer within the bounds."""
        compact = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
        if not compact:
            return None
        if compact.isascii() and compact.isdigit():
            digits = compact.lstrip("0") or "0"
            limit = 10**12 if maximum is None else maximum
            if len(digits) > len(str(limit)) or int(digits) > limit:
                self.plan.error(
                    key,
                    message
                    or _("%(value)s dépasse le maximum réaliste de %(max)s.") % {"value": compact[:30], "max": limit},
                )
                return False
            number = int(digits)
            if minimum is not None and number < minimum:
                self.plan.error(
                    key, message or _("au moins %(min)s attendu, pas %(value)s.") % {"min": minimum, "value": number}
                )
                return False
            return number
        self.plan.error(key, _("« %(value)s » n'est pas un nombre entier positif.") % {"value": text})
        return False

    def _commune(self):
        if not (self.present("commune_insee") or self.present("commune_nom")):
            return
        code, name, department = (
            self.get("commune_insee").upper(),
            self.get("commune_nom"),
            self.get("departement").upper(),
        )
        if department.isdigit() and len(department) == 1:
            department = "0" + department
        commune = None
        if code:
            commune = self.lookups.communes_by_code.get(code)
            if commune is None:
                self.plan.error("commune_insee", _("code INSEE de commune inconnu « %(value)s ».") % {"value": code})
                return
            if name and normalize(name) != commune.search_name:
                self.plan.error(
                    "commune_nom",
                    _("le code INSEE %(code)s est celui de %(commune)s, pas de « %(value)s ».")
                    % {"code": code, "commune": commune.name, "value": name},
                )
            if department and department != commune.department.code:
                self.plan.error(
                    "departement",
                    _("%(commune)s est dans le département %(code)s, pas %(value)s.")
                    % {"commune": commune.name, "code": commune.department.code, "value": department},
                )
        elif name:
            candidates = self.lookups.communes_by_name.get(normalize(name), [])
            if department:
                candidates = [c for c in candidates if c.department.code == department]
            if not candidates:
                where = _(" dans le département %(code)s") % {"code": department} if department else ""
                self.plan.error(
                    "commune_nom", _("commune inconnue « %(value)s »%(where)s.") % {"value": name, "where": where}
                )
                return
            if len(candidates) > 1:
                codes = ", ".join(sorted({c.department.code for c in candidates}))
                self.plan.error(
                    "commune_nom",
                    _(
                        "plusieurs communes s'appellent « %(value)s » (départements %(codes)s) : "
                        "indiquez le département ou le code INSEE."
                    )
                    % {"value": name, "codes": codes},
                )
                return
            commune = candidates[0]
        elif department:
            self.plan.error("departement", _("un département sans commune ne suffit pas : indiquez la commune."))
            return
        self.plan.values["commune"] = commune

    def _modes(self):
        if not self.present("modes_intervention"):
            return
        modes = []
        for item in split_items(self.get("modes_intervention")):
            code = item[0]
            mode = self.lookups.modes.get(code)
            if mode is None:
                self.plan.error(
                    "modes_intervention",
                    _("mode d'intervention inconnu « %(value)s » ; codes possibles : %(codes)s.")
                    % {"value": code, "codes": ", ".join(self.lookups.modes)},
                )
            elif mode not in modes:
                modes.append(mode)
        self.plan.modes = modes

    def _source(self, column, slug):
        if not slug:
            return None
        source = self.lookups.sources.get(slug)
        if source is None:
            self.plan.error(column, _("source inconnue « %(value)s ».") % {"value": slug})
        return source

    def _check_lengths(self, column, model, **values):
        for name, value in values.items():
            limit = model._meta.get_field(name).max_length
            if value and len(value) > limit:
                label = model._meta.get_field(name).verbose_name
                self.plan.error(
                    column,
                    _("%(field)s : %(length)s caractères, %(max)s au plus.")
                    % {"field": label, "length": len(value), "max": limit},
                )

    def _tenure(self):
        """Validate the tenure columns; return the homes the project will have in tenure lines."""
        existing = {}
        if self.plan.project is not None:
            existing = {tenure_key(line): line_tuple(line) for line in self.plan.project.tenure_lines.all()}
        result = dict(existing)
        for key in self.headers:
            if not key.startswith(TENURE_PREFIX):
                continue
            items = split_items(self.get(key))
            if len(items) > 1:
                self.plan.error(key, _("une seule valeur attendue (un point-virgule s'écrit \\; dans un libellé)."))
                continue
            parts = items[0] if items else []
            if len(parts) > 4:
                self.plan.error(key, _("au plus quatre parties : nombre | libellé | source | section."))
                continue
            homes_text, label, source_slug, locator = [*parts, "", "", "", ""][:4]
            homes = self._integer(key, homes_text, maximum=MAX_HOMES)
            if homes is False:
                continue
            if not homes:
                if label or source_slug or locator:
                    self.plan.error(key, _("un libellé ou une source sans nombre de logements."))
                    continue
                self.plan.tenure[key] = None
                result.pop(key, None)
                continue
            source = self._source(key, source_slug)
            self._check_lengths(key, TenureLine, label_as_written=label, locator=locator)
            line = (homes, label, source, locator)
            self.plan.tenure[key] = line
            result[key] = line
        return sum(line[0] for line in result.values())

    def _actors(self):
        if not self.present("acteurs"):
            return
        actors, seen = [], set()
        for item in split_items(self.get("acteurs")):
            head, rest = item[0], [*item[1:], "", ""]
            if len(item) > 3:
                self.plan.error(
                    "acteurs",
                    _("« %(value)s » : au plus trois parties (organisme:rôle | précision | source).") % {"value": head},
                )
                continue
            slug, _sep, role = head.partition(":")
            slug, role = slug.strip(), role.strip()
            organism = self.lookups.organisms.get(slug)
            if organism is None:
                self.plan.error("acteurs", _("organisme inconnu « %(value)s ».") % {"value": slug})
            if role not in ActorRole.values:
                self.plan.error(
                    "acteurs",
                    _("rôle inconnu « %(value)s » pour %(organism)s ; rôles possibles : %(codes)s.")
                    % {"value": role, "organism": slug, "codes": ", ".join(ActorRole.values)},
                )
            source = self._source("acteurs", rest[1])
            self._check_lengths("acteurs", ProjectActor, description=rest[0])
            if organism is None or role not in ActorRole.values:
                continue
            if (slug, role) in seen:
                self.plan.error(
                    "acteurs", _("%(organism)s a deux fois le rôle « %(role)s ».") % {"organism": slug, "role": role}
                )
                continue
            seen.add((slug, role))
            actors.append((organism, role, rest[0], source))
        self.plan.actors = actors

    def _citations(self):
        if not self.present("sources"):
            return
        citations, seen = [], set()
        for item in split_items(self.get("sources")):
            if len(item) > 3:
                self.plan.error(
                    "sources",
                    _("« %(value)s » : au plus trois parties (source | section | ce qu'elle établit).")
                    % {"value": item[0]},
                )
                continue
            slug, locator, facts = [*item, "", ""][:3]
            source = self._source("sources", slug)
            self._check_lengths("sources", ProjectSource, locator=locator, facts=facts)
            if source is None:
                continue
            if (slug, locator) in seen:
                self.plan.error(
                    "sources", _("la source « %(value)s » est citée deux fois au même endroit.") % {"value": slug}
                )
                continue
            seen.add((slug, locator))
            citations.append((source, locator, facts))
        self.plan.citations = citations

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
        try:
            # Commune and former region were resolved above, from the lookups; the check
            # constraints are evaluated below, in Python (Django runs one query per constraint).
            project.full_clean(exclude=["commune", "former_region"], validate_unique=False, validate_constraints=False)
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

    def _changes(self, project):
        plan = self.plan
        changes = [FIELD_TO_COLUMN[name] for name, value in plan.values.items() if getattr(project, name) != value]
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
        return changes
