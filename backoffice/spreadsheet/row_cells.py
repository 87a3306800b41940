"""A row of the import file and its single-value columns: text, numbers, yes/no, codes,
dates, former region, commune, intervention modes."""

import datetime
from typing import cast

from django.db.models import Field
from django.utils.translation import gettext_lazy as _

from common.spreadsheets import control_character
from common.text import normalize
from projects.models import Project

from .columns import (
    BOOLEAN_COLUMNS,
    CHOICE_COLUMNS,
    DATE_COLUMNS,
    FALSE_WORDS,
    INTEGER_BOUNDS,
    INTEGER_COLUMNS,
    TEXT_COLUMNS,
    TRUE_WORDS,
    split_items,
)
from .plan import RowPlan


class RowCells:
    """The cells of one row by column, and the checks of the columns that hold one value each;
    the errors go to ``self.plan``."""

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
