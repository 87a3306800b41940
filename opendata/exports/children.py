"""The related rows of a chunk of exported projects: tenure lines, intervention modes, actors, sources,
photos, field certainties and the opening's tenures.

Two readers give the very same ``Related`` dicts (tests/opendata/test_export_fast_path.py):

* ``related_rows``, portable (SQLite): one ORM query per kind, seven per chunk, rows grouped in Python;
* ``related_rows_in_one_query``, PostgreSQL: ONE query per chunk. Each kind is a ``LATERAL`` sub-select
  keyed by project id that aggregates the project's rows into arrays (``array_agg(… ORDER BY …)``, the
  ORM readers' order), most of them already the final texts (« nom (rôle) », « titre (page) »,
  « tenure plus: computed »…). psycopg decodes the arrays in C: no Django row, no per-row Python
  loop, a third of the CPU per chunk (issue 19).

``chunk_related`` picks the reader from the connection.
"""

from django.core.files.storage import default_storage
from django.db import connections

from common.lookups import Ids
from projects.models import (
    ActorRole,
    Certainty,
    FieldCertainty,
    Photo,
    Project,
    ProjectActor,
    ProjectOpening,
    ProjectSource,
    TenureLine,
)


class Related(dict):
    """One project's related rows by kind (``tenure``, ``modes``, ``developers``, ``developer_slugs``,
    ``families``, ``actors``, ``sources``, ``source_slugs``, ``photos``, ``certainties``,
    ``field_certainties``, ``opening_tenures``). A kind without rows reads as a new empty list that is
    not stored: a chunk keeps only the lists that hold something (fewer live objects for the garbage
    collector to walk, a third of the CPU of an export before). Add rows with ``add``."""

    __slots__ = ()

    def __missing__(self, kind):
        return []

    def add(self, kind, value):
        self.setdefault(kind, []).append(value)


def _photo_url(image, base_url):
    url = default_storage.url(image)
    return base_url + url if url.startswith("/") else url


def _codes_by_position(through, project, target, ids, using):
    """(project id, code) of a many-to-many's rows towards a coded list, in the list's order."""
    return (
        through.objects.using(using)
        .filter(**{f"{project}__any_of": ids})
        .order_by(f"{target}__position", f"{target}__code")
        .values_list(project, f"{target}__code")
    )


def related_rows(ids, base_url="", using="default"):
    """The tenure lines, modes, actors, sources, photos, certainties and opening tenures of some projects:
    seven queries, whatever their number (any database)."""
    related = {pk: Related() for pk in ids}
    ids = Ids(ids)  # one value for the seven queries (see common.lookups)
    for project_id, status_id, category, homes, code, certainty in (
        TenureLine.objects.using(using)
        .filter(project_id__any_of=ids)
        .values_list("project_id", "status_id", "category", "homes", "status__code", "certainty")
    ):
        related[project_id].add("tenure", (status_id, category, homes))
        if certainty != Certainty.AS_WRITTEN:
            related[project_id].add("certainties", f"tenure {code or category}: {certainty}")
    modes = _codes_by_position(Project.intervention_modes.through, "project_id", "interventionmode", ids, using)
    for project_id, code in modes:
        related[project_id].add("modes", code)
    actors = ProjectActor.objects.using(using).filter(project_id__any_of=ids).order_by("role", "organism__name", "pk")
    for project_id, role, name, slug, family, certainty in actors.values_list(
        "project_id", "role", "organism__name", "organism__slug", "organism__family", "certainty"
    ):
        entry = related[project_id]
        if certainty != Certainty.AS_WRITTEN:
            entry.add("certainties", f"actor {slug} {role}: {certainty}")
        entry.add("actors", f"{name} ({role})")
        if role == ActorRole.DEVELOPER:
            entry.add("developers", name)
            entry.add("developer_slugs", slug)
            if family:
                entry.add("families", family)
    citations = (
        ProjectSource.objects.using(using).filter(project_id__any_of=ids).order_by("source__title", "locator", "pk")
    )
    for project_id, title, slug, locator in citations.values_list(
        "project_id", "source__title", "source__slug", "locator"
    ):
        related[project_id].add("sources", f"{title} ({locator})" if locator else title)
        related[project_id].add("source_slugs", slug)
    photos = Photo.objects.using(using).filter(project_id__any_of=ids).order_by("position", "pk")
    for project_id, image, credit, licence in photos.values_list("project_id", "image", "credit", "licence"):
        related[project_id].add("photos", (_photo_url(image, base_url), credit, licence))
    fields = FieldCertainty.objects.using(using).filter(project_id__any_of=ids).exclude(certainty=Certainty.AS_WRITTEN)
    for project_id, name, certainty in fields.order_by("field", "pk").values_list("project_id", "field", "certainty"):
        related[project_id].add("field_certainties", f"{name}: {certainty}")
    tenures = _codes_by_position(
        ProjectOpening.tenures.through, "projectopening__project_id", "tenurestatus", ids, using
    )
    for project_id, code in tenures:
        related[project_id].add("opening_tenures", code)
    return related


# The same rows, aggregated per project by PostgreSQL. Each sub-select keeps the order of the ORM
# reader above; the texts are built as there (``certainty <> 'as_written'``: ``Certainty.AS_WRITTEN``;
# ``'developer'``: ``ActorRole.DEVELOPER``). A kind without rows gives NULL arrays. The rare kinds
# (field certainties, the opening's tenures) are grouped once for the chunk (``= ANY``) rather than
# looked up per project: 3–4 times cheaper for the server at 100,000 projects.
_ONE_QUERY = """
SELECT ids.id, t.status_ids, t.categories, t.homes, t.certainties, m.codes, a.certainties, a.actors,
       a.developers, a.developer_slugs, a.families, s.titles, s.slugs, p.images, p.credits, p.licences,
       f.certainties, o.codes
FROM unnest(%s::bigint[]) AS ids (id)
LEFT JOIN LATERAL (
    SELECT array_agg(l.status_id ORDER BY st.position, l.category, l.id) AS status_ids,
           array_agg(l.category ORDER BY st.position, l.category, l.id) AS categories,
           array_agg(l.homes ORDER BY st.position, l.category, l.id) AS homes,
           array_agg('tenure ' || coalesce(nullif(st.code, ''), l.category) || ': ' || l.certainty
                     ORDER BY st.position, l.category, l.id) FILTER (WHERE l.certainty <> 'as_written')
               AS certainties
    FROM projects_tenureline l LEFT JOIN projects_tenurestatus st ON st.id = l.status_id
    WHERE l.project_id = ids.id
) t ON true
LEFT JOIN LATERAL (
    SELECT array_agg(mode.code ORDER BY mode.position, mode.code) AS codes
    FROM projects_project_intervention_modes pm
    JOIN projects_interventionmode mode ON mode.id = pm.interventionmode_id
    WHERE pm.project_id = ids.id
) m ON true
LEFT JOIN LATERAL (
    SELECT array_agg('actor ' || o.slug || ' ' || pa.role || ': ' || pa.certainty ORDER BY pa.role, o.name, pa.id)
               FILTER (WHERE pa.certainty <> 'as_written') AS certainties,
           array_agg(o.name || ' (' || pa.role || ')' ORDER BY pa.role, o.name, pa.id) AS actors,
           array_agg(o.name ORDER BY o.name, pa.id) FILTER (WHERE pa.role = 'developer') AS developers,
           array_agg(o.slug ORDER BY o.name, pa.id) FILTER (WHERE pa.role = 'developer') AS developer_slugs,
           array_agg(o.family ORDER BY o.name, pa.id) FILTER (WHERE pa.role = 'developer' AND o.family <> '')
               AS families
    FROM projects_projectactor pa JOIN organisms_organism o ON o.id = pa.organism_id
    WHERE pa.project_id = ids.id
) a ON true
LEFT JOIN LATERAL (
    SELECT array_agg(CASE WHEN ps.locator <> '' THEN so.title || ' (' || ps.locator || ')' ELSE so.title END
                     ORDER BY so.title, ps.locator, ps.id) AS titles,
           array_agg(so.slug ORDER BY so.title, ps.locator, ps.id) AS slugs
    FROM projects_projectsource ps JOIN projects_source so ON so.id = ps.source_id
    WHERE ps.project_id = ids.id
) s ON true
LEFT JOIN LATERAL (
    SELECT array_agg(ph.image ORDER BY ph.position, ph.id) AS images,
           array_agg(ph.credit ORDER BY ph.position, ph.id) AS credits,
           array_agg(ph.licence ORDER BY ph.position, ph.id) AS licences
    FROM projects_photo ph
    WHERE ph.project_id = ids.id
) p ON true
LEFT JOIN (
    SELECT fc.project_id, array_agg(fc.field || ': ' || fc.certainty ORDER BY fc.field, fc.id) AS certainties
    FROM projects_fieldcertainty fc
    WHERE fc.project_id = ANY(%s::bigint[]) AND fc.certainty <> 'as_written'
    GROUP BY fc.project_id
) f ON f.project_id = ids.id
LEFT JOIN (
    SELECT op.project_id, array_agg(ts.code ORDER BY ts.position, ts.code) AS codes
    FROM projects_projectopening op
    JOIN projects_projectopening_tenures ot ON ot.projectopening_id = op.id
    JOIN projects_tenurestatus ts ON ts.id = ot.tenurestatus_id
    WHERE op.project_id = ANY(%s::bigint[])
    GROUP BY op.project_id
) o ON o.project_id = ids.id
"""


def related_rows_in_one_query(ids, base_url="", using="default"):
    """``related_rows`` in ONE query (PostgreSQL): the same ``Related`` dicts, lists in the same order."""
    related = {}
    with connections[using].cursor() as cursor:
        literal = Ids(ids).literal
        cursor.execute(_ONE_QUERY, [literal, literal, literal])
        rows = cursor.fetchall()
    for (
        pk, status_ids, categories, homes, tenure_certainties, modes, actor_certainties, actors, developers,
        developer_slugs, families, sources, source_slugs, images, credits, licences, field_certainties, opening,
    ) in rows:  # fmt: skip
        entry = related[pk] = Related()
        if status_ids:
            entry["tenure"] = list(zip(status_ids, categories, homes, strict=True))
        if tenure_certainties or actor_certainties:
            entry["certainties"] = (tenure_certainties or []) + (actor_certainties or [])
        if modes:
            entry["modes"] = modes
        if actors:
            entry["actors"] = actors
            if developers:
                entry["developers"], entry["developer_slugs"] = developers, developer_slugs
                if families:
                    entry["families"] = families
        if sources:
            entry["sources"], entry["source_slugs"] = sources, source_slugs
        if images:
            entry["photos"] = [
                (_photo_url(image, base_url), credit, licence)
                for image, credit, licence in zip(images, credits, licences, strict=True)
            ]
        if field_certainties:
            entry["field_certainties"] = field_certainties
        if opening:
            entry["opening_tenures"] = opening
    return related


def chunk_related(ids, base_url="", using="default"):
    """The related rows of a chunk of projects: one query on PostgreSQL, seven elsewhere."""
    if connections[using].vendor == "postgresql":
        return related_rows_in_one_query(ids, base_url, using)
    return related_rows(ids, base_url, using)
