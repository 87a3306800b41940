"""The opening columns of the projects' spreadsheet: recruitment status, its date, homes available,
their tenure statuses and « how to join » (``projects.ProjectOpening``, one per project).

Absent columns leave the opening as it is; an empty ``recrutement`` cell removes it.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import MAX_HOMES, OpeningStatus, ProjectOpening
from projects.models.openings import MAX_HOW_TO_JOIN

from .columns import OPENING_KEYS, split_items
from .row_cells import RowCells


def opening_tuple(opening):
    """What the file says of an opening, comparable with a row's plan (None: no opening)."""
    if opening is None:
        return None
    return (
        opening.status,
        opening.as_of,
        opening.homes_available,
        frozenset(status.code for status in opening.tenures.all()),
        opening.how_to_join,
    )


def current_opening(project):
    """The project's opening from the prefetched rows (``format_projects``), or None."""
    if project is None:
        return None
    rows = list(project.openings.all())
    return rows[0] if rows else None


def opening_cells(project):
    """{column: cell} of a project for the download."""
    opening = current_opening(project)
    if opening is None:
        return dict.fromkeys(OPENING_KEYS, "")
    return {
        "recrutement": opening.status,
        "recrutement_date": opening.as_of.isoformat(),
        "recrutement_logements": opening.homes_available if opening.homes_available is not None else "",
        "recrutement_statuts": "; ".join(sorted(status.code for status in opening.tenures.all())),
        "comment_rejoindre": opening.how_to_join,
    }


class OpeningCells(RowCells):
    """Checks of the opening columns of one row (a base of ``RowValidator``); sets ``plan.opening``."""

    def _opening(self):
        if not any(self.present(key) for key in OPENING_KEYS):
            return
        existing = opening_tuple(current_opening(self.plan.project))
        status, as_of, homes, tenures, how_to_join = existing or ("", None, None, frozenset(), "")
        if self.present("recrutement"):
            status = self.get("recrutement")
        if not status:
            if any(self.get(key) for key in OPENING_KEYS):
                self.plan.error("recrutement", _("un code de recrutement est nécessaire avec les autres colonnes."))
            self.plan.opening = ()
            return
        if status not in OpeningStatus.values:
            self.plan.error(
                "recrutement",
                _("code inconnu « %(value)s » ; codes possibles : %(codes)s.")
                % {"value": status, "codes": ", ".join(OpeningStatus.values)},
            )
            return
        if self.present("recrutement_date"):
            as_of = self._opening_date(self.get("recrutement_date"))
        if as_of is None:
            self.plan.error("recrutement_date", _("la date de vérification du recrutement est obligatoire."))
        elif as_of is False:
            return
        elif as_of > timezone.localdate():
            self.plan.error("recrutement_date", _("la date de vérification ne peut pas être dans le futur."))
        if self.present("recrutement_logements"):
            homes = self._integer("recrutement_logements", self.get("recrutement_logements"), 1, MAX_HOMES)
            if homes is False:
                return
        if homes is not None and status != OpeningStatus.HOMES_AVAILABLE:
            self.plan.error("recrutement_logements", _("un nombre de logements ne va qu'avec le code homes_available."))
        if self.present("recrutement_statuts"):
            codes = [item[0] for item in split_items(self.get("recrutement_statuts"))]
            unknown = [code for code in codes if code not in self.lookups.statuses]
            if unknown:
                self.plan.error(
                    "recrutement_statuts", _("statut d'occupation inconnu « %(value)s ».") % {"value": unknown[0]}
                )
            tenures = frozenset(codes)
        if self.present("comment_rejoindre"):
            how_to_join = self.get("comment_rejoindre")
        if len(how_to_join) > MAX_HOW_TO_JOIN:
            self.plan.error(
                "comment_rejoindre",
                _("%(length)s caractères, %(max)s au plus.") % {"length": len(how_to_join), "max": MAX_HOW_TO_JOIN},
            )
        self.plan.opening = (status, as_of, homes, tenures, how_to_join)

    def _opening_date(self, text):
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        if text:
            self.plan.error(
                "recrutement_date", _("« %(value)s » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA).") % {"value": text}
            )
            return False
        return None


def opening_changed(plan):
    """Whether applying ``plan`` changes the project's opening."""
    if plan.opening is None:
        return False
    existing = opening_tuple(current_opening(plan.project))
    return (existing or ()) != plan.opening


def apply_openings(pairs, openings, statuses, now):
    """Write the openings the rows describe (``()``: none; None: untouched), for (row, project)
    pairs; ``openings``: {project id: its current opening, tenures prefetched} (``children.Current``):
    removed in one DELETE, changed in one UPDATE, new ones in one INSERT; an opening the file
    restates is written again (its ``updated_at`` moves, as ``update_or_create`` did)."""
    gone, tenures = [], []
    changed: list[ProjectOpening] = []
    new: list[ProjectOpening] = []
    for row, project in pairs:
        if row.opening is None:
            continue
        current = openings.get(row.project.pk) if row.project is not None else None
        if not row.opening:
            if current is not None:
                gone.append(current.pk)
            continue
        status, as_of, homes, codes, how_to_join = row.opening
        opening = current or ProjectOpening(project=project)
        opening.status, opening.as_of, opening.homes_available, opening.how_to_join = status, as_of, homes, how_to_join
        opening.updated_at = now
        (changed if current is not None else new).append(opening)
        had = frozenset(status.code for status in current.tenures.all()) if current is not None else frozenset()
        if had != codes:
            tenures.append((opening, had, codes))
    ProjectOpening.objects.filter(pk__any_of=gone).delete()
    ProjectOpening.objects.bulk_update(changed, ["status", "as_of", "homes_available", "how_to_join", "updated_at"])
    ProjectOpening.objects.bulk_create(new)
    _write_tenures(tenures, statuses)


def _write_tenures(tenures, statuses):
    """The openings' tenure statuses (opening, codes it had, codes it gets): ``set()`` in two statements."""
    table = ProjectOpening.tenures.through
    dropped = [
        (opening.pk, statuses[code].pk) for opening, had, codes in tenures if had for code in sorted(had - codes)
    ]
    if dropped:
        links = table.objects.filter(projectopening_id__any_of=sorted({pk for pk, _status in dropped}))
        wanted_gone = set(dropped)
        table.objects.filter(
            pk__any_of=[
                pk
                for pk, opening_id, status_id in links.values_list("pk", "projectopening_id", "tenurestatus_id")
                if (opening_id, status_id) in wanted_gone
            ]
        ).delete()
    table.objects.bulk_create(
        [
            table(projectopening=opening, tenurestatus=statuses[code])
            for opening, had, codes in tenures
            for code in sorted(codes - had)
        ]
    )
