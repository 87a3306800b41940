"""The list columns of an import row: tenure lines, actors and cited sources."""

from django.utils.translation import gettext_lazy as _

from projects.models import MAX_HOMES, ActorRole, ProjectActor, ProjectSource, TenureLine

from .columns import TENURE_PREFIX, line_tuple, split_items, tenure_key
from .row_cells import RowCells


class RowLists(RowCells):
    """The checks of the columns that list several things; each rebuilds exactly what the file says."""

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
