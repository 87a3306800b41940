"""Realistic fictitious projects in bulk, for load tests and benchmarks (``manage.py generate_projects``).

Everything comes from one seeded random generator, so the same seed on the same database gives
the same projects. Projects lie in real communes drawn in proportion to their population; their
landlords are existing organisms and generated ones of every Hlm family; their tenure mixes use
the reference tenure statuses (or a category alone, as sources sometimes do) and never exceed the
project's homes; phases follow the delivery year (1985–2030). Most are published, some are drafts.

Generated rows are recognisable by their slug, which starts with ``gen-`` (projects, organisms,
sources), and ``remove_generated()`` deletes them all. Rows are written with ``bulk_create`` in
batches, with the same derived fields a save through the admin computes: search texts
(``projects.search.refresh_search_text``, once for all the projects at the end: bulk_create sends
no signals), creation history, photo renditions (one small real image per variant, shared by the
generated photos).
"""

import io
import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, router, transaction
from django.utils import timezone
from django.utils.text import slugify

from geo.models import Commune, Department, Region
from organisms.models import HlmFamily, Organism, OrganismKind

from .models import (
    ActorRole,
    CommonSpace,
    CostFigure,
    InterventionMode,
    Milestone,
    ParticipatoryFamily,
    Phase,
    Photo,
    Project,
    ProjectActor,
    ProjectSource,
    ProjectTransition,
    PublicationStatus,
    Quote,
    Source,
    Surface,
    TenureCategory,
    TenureLine,
    TenureStatus,
)
from .search import refresh_search_text

PREFIX = "gen-"
BATCH = 2000
FIRST_YEAR, LAST_YEAR = 1985, 2030
PHOTO_DIR = "photos/generated"

NAME_HEADS = (
    "Les Jardins", "Le Hameau", "La Ruche", "L'Écrin", "Les Colibris", "La Maison", "Les Toits", "Le Clos",
    "L'Îlot", "Les Voisins", "La Cour", "Le Village", "Les Terrasses", "L'Arbre", "La Fabrique", "Le Nid",
    "Les Passerelles", "La Canopée", "Le Chêne", "Les Ateliers", "La Grange", "Les Hirondelles", "Le Patio",
    "Habiter", "Vivre", "L'Oasis", "La Coursive", "Les Coquelicots",
)
NAME_TAILS = (
    "partagés", "du Parc", "des Tilleuls", "de la Gare", "du Moulin", "des Lilas", "solidaire", "en commun",
    "du Canal", "des Vignes", "Saint-Jean", "du Lavoir", "des Possibles", "des Sources", "de l'Orée",
    "du Marché", "des Saules", "ensemble", "du Verger", "des Tanneurs", "du Belvédère", "des Quais",
)
NEIGHBOURHOODS = ("centre-ville", "ZAC des Rives", "quartier de la Gare", "écoquartier des Prés", "faubourg", "")
COMMON_SPACES = ("Salle commune", "Buanderie partagée", "Chambre d'amis", "Jardin partagé", "Atelier de bricolage")
ESH_WORDS = ("Logis", "Foyer", "Résidences", "Toit", "Habitat", "Cité")
AMO_NAMES = (
    "Atelier Habiter Ensemble", "Coopérer pour habiter", "Toits en devenir", "Les Habiteurs", "Ville en partage",
    "Regards d'habitants", "Le Fil du projet", "Habitat choisi", "Terre de liens urbains", "Concertation & Co",
)
QUOTES = (
    "Nous avons dessiné la salle commune ensemble, c'est elle qui a soudé le groupe.",
    "Le bailleur nous a laissé du temps : deux ans d'ateliers avant le permis.",
    "Les futurs locataires ont choisi les matériaux des espaces partagés.",
    "La commission d'attribution a validé les candidatures comme pour tout logement social.",
)
# Chances (weights) of each publication status, family, intervention mode.
STATUS_WEIGHTS = {
    PublicationStatus.PUBLISHED: 90,
    PublicationStatus.DRAFT: 6,
    PublicationStatus.SUBMITTED: 3,
    PublicationStatus.ARCHIVED: 1,
}
FAMILY_WEIGHTS = {
    ParticipatoryFamily.SOCIAL_HOUSING: 70,
    ParticipatoryFamily.HOUSING_COOPERATIVE: 12,
    ParticipatoryFamily.AUTOPROMOTION: 18,
}
# Tenure mixes by family: (status codes or category, relative weight of homes).
TENURE_MIXES = {
    ParticipatoryFamily.SOCIAL_HOUSING: (
        (("plus", 6), ("plai", 3)),
        (("plus", 5), ("plai", 2), ("psla", 3)),
        (("psla", 1),),
        (("brs", 3), ("plus", 2)),
        (("plus", 4), ("pls", 1), ("accession-libre", 2)),
        (("sciapp", 1),),
        (("vefa", 2), ("plai", 1)),
        ((TenureCategory.SOCIAL_RENTAL, 1),),
        ((TenureCategory.SOCIAL_OWNERSHIP, 1), ("plus", 1)),
    ),
    ParticipatoryFamily.HOUSING_COOPERATIVE: (
        (("cooperative-habitants", 1),),
        (("cooperative-habitants", 3), ("plai", 1)),
        ((TenureCategory.COOPERATIVE, 1),),
    ),
    ParticipatoryFamily.AUTOPROMOTION: (
        (("accession-libre", 1),),
        (("accession-libre", 3), ("psla", 1)),
        (("accession-libre", 2), ("brs", 1)),
        ((TenureCategory.OWNERSHIP_UNSPECIFIED, 1),),
        (("location-libre", 1), ("accession-libre", 2)),
    ),
}
PHASES_BEFORE_DELIVERY = (Phase.GROUP_FORMING, Phase.LIFE_PROJECT, Phase.CO_DESIGN, Phase.BUILDING_PERMIT, Phase.WORKS)
SEASONS = ("printemps", "été", "automne", "hiver", "début", "fin", "mi-")


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class Reference:
    """What the generator draws from, read once: communes with their cumulated population, statuses…"""

    communes: list
    cumulated_population: list
    statuses: dict
    modes: list
    organisms_by_region: dict = field(default_factory=dict)
    landlords: list = field(default_factory=list)
    existing_landlords: list = field(default_factory=list)
    cities: dict = field(default_factory=dict)
    amo: list = field(default_factory=list)
    sources_by_organism: dict = field(default_factory=dict)
    photos: list = field(default_factory=list)

    @classmethod
    def load(cls):
        regions = {region.pk: region for region in Region.objects.all()}
        departments = {}
        for department in Department.objects.all():
            department.region = regions[department.region_id]
            departments[department.pk] = department
        communes = list(Commune.objects.order_by("insee_code"))
        for commune in communes:
            commune.department = departments[commune.department_id]
        return cls(
            communes=communes,
            cumulated_population=list(accumulate(max(commune.population or 0, 1) for commune in communes)),
            statuses={status.code: status for status in TenureStatus.objects.all()},
            modes=list(InterventionMode.objects.order_by("position", "code")),
        )


# --- Organisms, sources and photos shared by generated projects --------------------------


def _scaled(items, count):
    """Enough generated organisms for ``count`` projects: all of ``items`` for large catalogues."""
    return items[: max(2, min(len(items), count // 40))]


def _organism_specs(reference, count):
    """Generated organisms as dicts, in a fixed order: OPH per département, ESH and Coop Hlm per
    region, cities among the most populous communes, AMO firms."""
    by_department, by_region = {}, {}
    for commune in sorted(reference.communes, key=lambda c: (-(c.population or 0), c.insee_code)):
        by_department.setdefault(commune.department_id, commune)
        by_region.setdefault(commune.department.region_id, commune)
    departments = sorted({c.department for c in by_department.values()}, key=lambda d: d.code)
    regions = sorted({c.department.region for c in by_region.values()}, key=lambda r: r.code)
    specs = []
    for department in _scaled(departments, count):
        specs.append(
            dict(name=f"{department.name} Habitat", short_name=f"OPH {department.code}", kind=OrganismKind.HLM,
                 family=HlmFamily.OPH, head_office=by_department[department.pk])
        )
    for index, word in enumerate(_scaled(ESH_WORDS * 3, count)):
        for region in _scaled(regions, count):
            name = f"{word} {region.name}" + ("" if index < len(ESH_WORDS) else f" {index // len(ESH_WORDS) + 1}")
            specs.append(dict(name=name, short_name="", kind=OrganismKind.HLM, family=HlmFamily.ESH,
                              head_office=by_region[region.pk]))
    for region in _scaled(regions, count):
        for label in ("Coop Hlm", "Coopérative d'accession"):
            specs.append(dict(name=f"{label} {region.name}", short_name="", kind=OrganismKind.HLM,
                              family=HlmFamily.COOP, head_office=by_region[region.pk]))
    biggest = sorted(reference.communes, key=lambda c: (-(c.population or 0), c.insee_code))
    for commune in _scaled(biggest[:150], count):
        specs.append(dict(name=f"Ville de {commune.name} ({commune.department.code})", short_name="",
                          kind=OrganismKind.LOCAL_AUTHORITY, family="", head_office=commune))
    for name in _scaled(AMO_NAMES, count):
        specs.append(dict(name=name, short_name="", kind=OrganismKind.AMO, family="", head_office=None))
    return specs


def ensure_organisms(reference, count):
    """Create the generated organisms that are missing (by slug) and one source per landlord."""
    taken = set(Organism.objects.exclude(slug__startswith=PREFIX).values_list("name", flat=True))
    wanted = []
    for spec in _organism_specs(reference, count):
        if spec["name"] in taken:  # a real organism has this name: keep the generated one apart
            spec["name"] += " (fictif)"
        spec["slug"] = PREFIX + slugify(spec["name"])[:190]
        spec["description"] = "Organisme fictif créé par generate_projects pour les tests de charge."
        wanted.append(spec)
    existing = set(Organism.objects.filter(slug__in=[s["slug"] for s in wanted]).values_list("slug", flat=True))
    Organism.objects.bulk_create([Organism(**spec) for spec in wanted if spec["slug"] not in existing])
    organisms = list(Organism.objects.filter(slug__startswith=PREFIX).select_related("head_office__department"))
    organisms.sort(key=lambda o: o.slug)
    existing_sources = set(Source.objects.filter(slug__startswith=PREFIX).values_list("slug", flat=True))
    new_sources = []
    for organism in organisms:
        if organism.kind == OrganismKind.HLM:
            slug = f"{PREFIX}rapport-{organism.slug[len(PREFIX):]}"[:120]
            if slug not in existing_sources:
                new_sources.append(
                    Source(slug=slug, title=f"Rapport d'activité — {organism.name}", kind=Source.Kind.REPORT,
                           publisher=organism.name, date_text="2024", year=2024,
                           summary="Document fictif (données générées pour les tests de charge).")
                )
    Source.objects.bulk_create(new_sources)
    sources = {s.publisher: s for s in Source.objects.filter(slug__startswith=PREFIX)}

    reference.landlords = [o for o in organisms if o.kind == OrganismKind.HLM]
    reference.existing_landlords = list(
        Organism.objects.social_landlords().exclude(slug__startswith=PREFIX).order_by("slug")
    )
    for organism in reference.landlords:
        region_id = organism.head_office.department.region_id if organism.head_office_id else None
        reference.organisms_by_region.setdefault(region_id, []).append(organism)
    reference.cities = {o.head_office_id: o for o in organisms if o.kind == OrganismKind.LOCAL_AUTHORITY}
    reference.amo = [o for o in organisms if o.kind == OrganismKind.AMO]
    reference.sources_by_organism = {o.pk: sources[o.name] for o in reference.landlords if o.name in sources}


def ensure_photo_files():
    """Three small real photos (master + WebP sizes, made by the upload pipeline), written once
    to the default storage and shared by every generated photo row."""
    from PIL import Image

    from .photos import prepare_photo

    variants = []
    for index, colour in enumerate(((176, 112, 64), (64, 128, 96), (96, 112, 176))):
        image = Image.new("RGB", (1280, 853), colour)
        image.paste((235, 225, 205), (160, 280, 1120, 853))  # a façade
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=80)
        prepared = prepare_photo(ContentFile(buffer.getvalue(), name="generated.jpg"))
        files = {"image": (f"{PHOTO_DIR}/facade-{index}.jpg", prepared.master, prepared.width, prepared.height)}
        for rendition in prepared.renditions:
            files[rendition.name] = (
                f"{PHOTO_DIR}/facade-{index}-{rendition.name}.webp", rendition.content, rendition.width, rendition.height
            )
        values = {}
        for name, (path, content, width, height) in files.items():
            if not default_storage.exists(path):
                default_storage.save(path, content)
            values[name] = path
            values["width" if name == "image" else f"{name}_width"] = width
            values["height" if name == "image" else f"{name}_height"] = height
        variants.append(values)
    return variants


# --- One project --------------------------------------------------------------------------


@dataclass
class Generated:
    """A project and its rows, before insertion (foreign keys to the project are set after)."""

    project: Project
    lines: list
    actors: list
    modes: list
    children: list  # milestones, surfaces, costs, common spaces, quotes, citations, photos


def _homes(rng):
    # Participatory operations are small: a median of about 14 homes, rarely over 60.
    return max(3, min(150, int(rng.lognormvariate(2.65, 0.6))))


def _split(rng, total, weights):
    """Share ``total`` homes among the mix, leaving some unspecified now and then."""
    described = total if rng.random() < 0.8 else max(len(weights), int(total * rng.uniform(0.5, 0.95)))
    described = min(described, total)
    shares = [w * rng.uniform(0.7, 1.3) for w in weights]
    counts = [max(1, int(described * share / sum(shares))) for share in shares]
    while sum(counts) > described:
        counts[counts.index(max(counts))] -= 1
    return [count for count in counts]


def _phase_and_delivery(rng, now_year):
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    if year <= now_year - 1:
        phase = Phase.MANAGED if year < now_year - 3 and rng.random() < 0.4 else Phase.DELIVERED
    elif year <= now_year:
        phase = rng.choice((Phase.WORKS, Phase.DELIVERED))
    else:
        phase = rng.choice(PHASES_BEFORE_DELIVERY)
    if phase in (Phase.GROUP_FORMING, Phase.LIFE_PROJECT) and rng.random() < 0.5:
        return phase, None, ""
    text = str(year) if rng.random() < 0.5 else f"{rng.choice(SEASONS)} {year}".replace("mi- ", "mi-")
    if year > now_year:
        text += " (prévue)"
    return phase, year, text


def _pick_landlord(rng, reference, commune):
    if reference.existing_landlords and rng.random() < 0.1:
        return rng.choice(reference.existing_landlords)
    local = reference.organisms_by_region.get(commune.department.region_id)
    # An OPH works in its own département; ESH and Coop Hlm across their region.
    if local and rng.random() < 0.8:
        oph = [o for o in local if o.family == HlmFamily.OPH and o.head_office.department_id == commune.department_id]
        if oph and rng.random() < 0.5:
            return oph[0]
        return rng.choice(local)
    return rng.choice(reference.landlords)


def _line_order(line):
    # TenureLine's ordering is by status position: lines without a status (NULL) come first on
    # SQLite and last on PostgreSQL.
    if line.status is None:
        return (0 if connection.vendor == "sqlite" else 2, 0, line.category)
    return (1, line.status.position, "")


def build_project(rng, reference, number, now):
    commune = rng.choices(reference.communes, cum_weights=reference.cumulated_population)[0]
    family = _weighted(rng, FAMILY_WEIGHTS)
    status = _weighted(rng, STATUS_WEIGHTS)
    phase, year, delivery_text = _phase_and_delivery(rng, now.year)
    total = _homes(rng)
    name = f"{rng.choice(NAME_HEADS)} {rng.choice(NAME_TAILS)}"
    developer = _pick_landlord(rng, reference, commune)
    created = now - timedelta(days=rng.randint(0, 3650), seconds=rng.randint(0, 86399))
    project = Project(
        name=name,
        slug=f"{PREFIX}{number:06d}-{slugify(name + ' ' + commune.name)}"[:200],
        commune=commune,
        location_as_written=f"{commune.name} ({commune.department.code})",
        neighbourhood=rng.choice(NEIGHBOURHOODS),
        is_ecoquartier=rng.choice((True, False, None, None)),
        is_qpv=rng.choice((True, False, False, None)),
        participatory_family=family,
        phase=phase,
        phase_as_of=str(min(now.year, year or now.year)) if phase else "",
        delivery_year=year,
        delivery_text=delivery_text,
        total_homes=total,
        participatory_homes=rng.choice((total, total, max(1, total // 2), None)),
        contact_email=f"contact@{slugify(name)}.example.org" if rng.random() < 0.3 else "",
        notes="Projet fictif créé par generate_projects pour les tests de charge.",
        status=status,
        published_at=created + timedelta(days=rng.randint(1, 60)) if status in ("published", "archived") else None,
        created_at=created,
    )
    family_label = str(ParticipatoryFamily(family).label).lower()
    project.summary = f"{total} logements, {family_label}, à {commune.name} avec {developer.name}."[:300]
    project.description = (
        f"Un groupe d'habitants et {developer.name} conçoivent ensemble {total} logements à {commune.name}. "
        f"Les futurs habitants ont participé aux ateliers de conception des espaces partagés. "
        + ("Le projet est livré." if phase in (Phase.DELIVERED, Phase.MANAGED) else "Le projet est en cours.")
    )
    if phase in (Phase.DELIVERED, Phase.MANAGED) or rng.random() < 0.3:
        project.how_to_get_involved = ""
    else:
        project.how_to_get_involved = "Le groupe accueille encore des ménages : contactez l'organisme."

    lines = []
    if rng.random() < 0.92:
        mix = rng.choice(TENURE_MIXES[family])
        counts = _split(rng, total, [weight for _key, weight in mix])
        for (key, _weight), homes in zip(mix, counts):
            if homes < 1:
                continue
            if key in reference.statuses:
                status_obj = reference.statuses[key]
                lines.append(TenureLine(status=status_obj, category="", homes=homes, label_as_written=status_obj.short_name))
            else:
                lines.append(TenureLine(status=None, category=key, homes=homes))

    actors = [ProjectActor(organism=developer, role=ActorRole.DEVELOPER)]
    city = reference.cities.get(commune.pk)
    if city and rng.random() < 0.6:
        actors.append(ProjectActor(organism=city, role=ActorRole.INITIATING_AUTHORITY))
    if reference.amo and rng.random() < 0.4:
        actors.append(ProjectActor(organism=rng.choice(reference.amo), role=ActorRole.AMO,
                                   description="a animé les ateliers de conception"))
    modes = [rng.choice(reference.modes)] if family == ParticipatoryFamily.SOCIAL_HOUSING and reference.modes else []

    source = reference.sources_by_organism.get(developer.pk)
    children = []
    if source is not None:
        children.append(ProjectSource(source=source, locator=f"p. {rng.randint(2, 60)}", facts="programme, calendrier"))
        for line in lines:
            if rng.random() < 0.5:
                line.source, line.locator = source, "§ Programme"
    if year:
        started = max(1900, year - rng.randint(3, 6))
        children.append(Milestone(kind=Milestone.Kind.GROUP_FORMED, date_text=str(started), year=started))
        permit = max(started, year - 2)
        month = rng.randint(1, 12)
        children.append(Milestone(kind=Milestone.Kind.PERMIT_GRANTED, date_text=f"{month:02d}/{permit}", year=permit, month=month))
        kind = Milestone.Kind.DELIVERY if year <= now.year else Milestone.Kind.DELIVERY_PLANNED
        children.append(Milestone(kind=kind, date_text=delivery_text or str(year), year=year, source=source))
    if rng.random() < 0.35:
        area = Decimal(total * rng.randint(55, 80))
        children.append(Surface(measure="SHAB", area_m2=area, scope="ensemble de l'opération"))
    if rng.random() < 0.25:
        children.append(CostFigure(kind=CostFigure.Kind.SALE_PRICE if family != ParticipatoryFamily.SOCIAL_HOUSING
                                   else CostFigure.Kind.CONSTRUCTION_COST,
                                   amount=Decimal(rng.randint(1500, 3500)), unit=CostFigure.Unit.EUR_PER_M2,
                                   surface_basis="SHAB", tax_basis="TTC"))
    if rng.random() < 0.4:
        children.append(CommonSpace(name=rng.choice(COMMON_SPACES), area_m2=Decimal(rng.randint(12, 120)),
                                    area_is_approximate=rng.random() < 0.3))
    if rng.random() < 0.1:
        children.append(Quote(text=rng.choice(QUOTES), attribution="une habitante"))
    if reference.photos and rng.random() < 0.15:
        for position in range(rng.choice((1, 1, 2))):
            children.append(Photo(**rng.choice(reference.photos), position=position,
                                  alt_text=f"Façade du projet {name} à {commune.name}",
                                  caption=name, credit="Photo fictive", licence="CC0 1.0"))

    # Rows in the order of their models' Meta.ordering (same primary-key order as a save).
    actors.sort(key=lambda actor: (actor.role, actor.organism.name))
    lines.sort(key=_line_order)
    return Generated(project, lines, actors, modes, children)


# --- In bulk ----------------------------------------------------------------------------


def generate_projects(count, seed=0, batch_size=BATCH, with_photos=True, progress=None):
    """Create ``count`` generated projects; returns the number created."""
    rng = random.Random(seed)
    now = timezone.make_aware(datetime.combine(timezone.localdate(), time(12)))
    reference = Reference.load()
    start = Project.objects.filter(slug__startswith=PREFIX).count()
    with transaction.atomic():
        ensure_organisms(reference, count)
        if with_photos:
            reference.photos = ensure_photo_files()
    through = Project.intervention_modes.through
    created, project_ids = 0, []
    while created < count:
        size = min(batch_size, count - created)
        batch = [build_project(rng, reference, start + created + index + 1, now) for index in range(size)]
        with transaction.atomic():
            projects = Project.objects.bulk_create([item.project for item in batch])
            Project.history.bulk_history_create(
                projects, default_change_reason="generate_projects", default_date=now
            )
            lines, actors, modes, children = [], [], [], {}
            for item in batch:
                for row in item.lines + item.actors + item.children:
                    row.project = item.project
                lines += item.lines
                actors += item.actors
                modes += [through(project=item.project, interventionmode=mode) for mode in item.modes]
                for child in item.children:
                    children.setdefault(type(child), []).append(child)
            TenureLine.objects.bulk_create(lines)
            ProjectActor.objects.bulk_create(actors)
            through.objects.bulk_create(modes)
            for model, rows in children.items():
                model.objects.bulk_create(rows)
        project_ids += [project.pk for project in projects]
        created += size
        if progress:
            progress(created)
    refresh_search_text(project_ids)  # bulk_create sends no signals: one refresh for all
    return created


def generated_projects():
    return Project.objects.filter(slug__startswith=PREFIX)


def remove_generated():
    """Delete every generated project, organism and source (and their rows); returns the number of
    projects removed. Deletes in bulk, without loading rows (no per-row signals or history)."""
    db = router.db_for_write(Project)
    ids = generated_projects().values("pk")
    removed = generated_projects().count()
    with transaction.atomic(using=db):
        for model in (Photo, TenureLine, ProjectActor, Milestone, Surface, CostFigure, CommonSpace, Quote,
                      ProjectSource, ProjectTransition, Project.intervention_modes.through):
            model.objects.filter(project__in=ids)._raw_delete(db)
            history = getattr(model, "history", None)
            if history is not None:
                history.model.objects.filter(project_id__in=ids)._raw_delete(db)
        historical = Project.history.model
        for related in historical._meta.related_objects:  # history of the many-to-many field
            related.related_model.objects.filter(**{f"{related.field.name}__id__in": ids})._raw_delete(db)
        historical.objects.filter(id__in=ids)._raw_delete(db)
        generated_projects()._raw_delete(db)
        # Through the ORM (cascades, protection of organisms a real project uses), then their history.
        Organism.objects.filter(slug__startswith=PREFIX).delete()
        Source.objects.filter(slug__startswith=PREFIX).delete()
        Organism.history.model.objects.filter(slug__startswith=PREFIX)._raw_delete(db)
        Source.history.model.objects.filter(slug__startswith=PREFIX)._raw_delete(db)
    if not Photo.objects.filter(image__startswith=PHOTO_DIR).exists():
        _delete_photo_files()
    return removed


def _delete_photo_files():
    try:
        _directories, files = default_storage.listdir(PHOTO_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        default_storage.delete(f"{PHOTO_DIR}/{name}")
