"""What the open-data API publishes, field by field.

Conventions: field names in English (as in the exports), codes rather than labels for
vocabularies (the labels are in the schema and in /api/v1/statuts/), and ``null`` for any
fact the sources do not give (an unknown phase is ``null``, not ``""``).
"""

from .eligibility import EligibilitySerializer
from .fields import (
    BlankAsNullCharField,
    BlankAsNullChoiceField,
    DecimalNumberField,
    LinksMixin,
    absolute,
)
from .organisms import (
    OrganismDetailSerializer,
    OrganismListSerializer,
    OrganismProjectSerializer,
)
from .projects import (
    ActorSerializer,
    CitationSerializer,
    CommonSpaceSerializer,
    CostFigureSerializer,
    MilestoneSerializer,
    ProjectDetailSerializer,
    ProjectListSerializer,
    QuoteSerializer,
    SourceSerializer,
    SurfaceSerializer,
    TenureLineDetailSerializer,
    TenureLineSerializer,
)
from .reference import (
    DepartmentCountSerializer,
    DepartmentDetailSerializer,
    DepartmentRefWithCountSerializer,
    DepartmentSerializer,
    RegionDetailSerializer,
    RegionSerializer,
    TenureStatusSerializer,
    TerritoryCountsMixin,
)
from .refs import (
    CommuneRefSerializer,
    DepartmentRefSerializer,
    DeveloperSerializer,
    ErrorSerializer,
    FormerRegionRefSerializer,
    OrganismRefSerializer,
    RegionRefSerializer,
    SourcedFieldsMixin,
    SourceRefSerializer,
)

__all__ = [
    "ActorSerializer",
    "BlankAsNullCharField",
    "BlankAsNullChoiceField",
    "CitationSerializer",
    "CommonSpaceSerializer",
    "CommuneRefSerializer",
    "CostFigureSerializer",
    "DecimalNumberField",
    "DepartmentCountSerializer",
    "DepartmentDetailSerializer",
    "DepartmentRefSerializer",
    "DepartmentRefWithCountSerializer",
    "DepartmentSerializer",
    "DeveloperSerializer",
    "EligibilitySerializer",
    "ErrorSerializer",
    "FormerRegionRefSerializer",
    "LinksMixin",
    "MilestoneSerializer",
    "OrganismDetailSerializer",
    "OrganismListSerializer",
    "OrganismProjectSerializer",
    "OrganismRefSerializer",
    "ProjectDetailSerializer",
    "ProjectListSerializer",
    "QuoteSerializer",
    "RegionDetailSerializer",
    "RegionRefSerializer",
    "RegionSerializer",
    "SourceRefSerializer",
    "SourceSerializer",
    "SourcedFieldsMixin",
    "SurfaceSerializer",
    "TenureLineDetailSerializer",
    "TenureLineSerializer",
    "TenureStatusSerializer",
    "TerritoryCountsMixin",
    "absolute",
]
