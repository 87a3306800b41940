"""Case studies of habitat participatif carried with social landlords.

Facts carry their sources: a project cites documents (``ProjectSource``) and each
key figure (surface, price, quote, milestone, tenure line) may point to the
document and the page/section it comes from. Unknown facts stay empty.

Every name stays importable from ``projects.models`` (migrations reference
``projects.models.photo_upload_to``).
"""

from .certainty import FieldCertainty, OrganismCitation, ProjectField
from .facts import ActorRole, Milestone, ProjectActor, TenureLine
from .figures import CommonSpace, CostFigure, Quote, Surface
from .freshness import VerificationReminder
from .imports import ProjectImport
from .limits import (
    MAX_AMOUNT_EUR,
    MAX_AMOUNT_EUR_M2,
    MAX_AMOUNT_EUR_M2_MONTH,
    MAX_AREA_M2,
    MAX_COMMON_SPACE_M2,
    MAX_HOMES,
    MAX_YEAR,
    MIN_YEAR,
)
from .openings import (
    OPEN_STATES,
    OpeningState,
    OpeningStatus,
    ProjectOpening,
    ProjectVisit,
    is_current,
    opening_state,
    validity_cutoff,
)
from .photo import Photo, photo_upload_to, storage_name
from .project import Project, published_via
from .querysets import ProjectQuerySet
from .reference import (
    InterventionMode,
    ParticipatoryFamily,
    Phase,
    PublicationStatus,
    SurfaceMeasure,
    TaxBasis,
    TenureCategory,
    TenureStatus,
)
from .sources import Certainty, CertaintyMixin, ProjectSource, Source, SourcedMixin
from .transition import ProjectTransition

__all__ = [
    "MAX_AMOUNT_EUR",
    "MAX_AMOUNT_EUR_M2",
    "MAX_AMOUNT_EUR_M2_MONTH",
    "MAX_AREA_M2",
    "MAX_COMMON_SPACE_M2",
    "MAX_HOMES",
    "MAX_YEAR",
    "MIN_YEAR",
    "OPEN_STATES",
    "ActorRole",
    "Certainty",
    "CertaintyMixin",
    "CommonSpace",
    "CostFigure",
    "FieldCertainty",
    "InterventionMode",
    "Milestone",
    "OpeningState",
    "OpeningStatus",
    "OrganismCitation",
    "ParticipatoryFamily",
    "Phase",
    "Photo",
    "Project",
    "ProjectActor",
    "ProjectField",
    "ProjectImport",
    "ProjectOpening",
    "ProjectQuerySet",
    "ProjectSource",
    "ProjectTransition",
    "ProjectVisit",
    "PublicationStatus",
    "Quote",
    "Source",
    "SourcedMixin",
    "Surface",
    "SurfaceMeasure",
    "TaxBasis",
    "TenureCategory",
    "TenureLine",
    "TenureStatus",
    "VerificationReminder",
    "is_current",
    "opening_state",
    "photo_upload_to",
    "published_via",
    "storage_name",
    "validity_cutoff",
]
