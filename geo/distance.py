"""Straight-line distances between communes and projects, without GeoDjango.

Haversine written with ORM functions (they run on SQLite and PostgreSQL), after a
bounding-box prefilter that the (latitude, longitude) index can serve.
"""

from __future__ import annotations

import math

from django.db.models import F, FloatField, QuerySet, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

from .models import Commune, Department, Region

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LAT = 111.2


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Reference implementation in Python (used by tests and for single pairs)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    dlat = radius_km / KM_PER_DEGREE_LAT
    dlon = radius_km / (KM_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 0.01))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def distance_expression(lat: float, lon: float, prefix: str = "") -> Combinable:
    lat_field, lon_field = F(f"{prefix}latitude"), F(f"{prefix}longitude")
    dlat = Radians(lat_field - Value(lat)) / 2
    dlon = Radians(lon_field - Value(lon)) / 2
    a = Power(Sin(dlat), 2) + Value(math.cos(math.radians(lat))) * Cos(Radians(lat_field)) * Power(Sin(dlon), 2)
    return Value(2 * EARTH_RADIUS_KM) * ASin(Least(Sqrt(a), Value(1.0)), output_field=FloatField())


def within_radius(queryset: QuerySet, lat: float, lon: float, radius_km: float, prefix: str = "") -> QuerySet:
    """Annotate ``distance_km`` and keep rows within the radius, nearest first."""
    south, north, west, east = bounding_box(lat, lon, radius_km)
    box = {
        f"{prefix}latitude__gte": south,
        f"{prefix}latitude__lte": north,
        f"{prefix}longitude__gte": west,
        f"{prefix}longitude__lte": east,
    }
    return (
        queryset.filter(**box)
        .annotate(distance_km=distance_expression(lat, lon, prefix))
        .filter(distance_km__lte=radius_km)
        .order_by("distance_km", "pk")
    )


def nearest(
    queryset: QuerySet, lat: float, lon: float, limit: int = 5, prefix: str = "", first_radius_km: float = 300
) -> list:
    """The ``limit`` nearest rows: a bounded search first, the whole table only if it finds too few."""
    found = list(within_radius(queryset, lat, lon, first_radius_km, prefix)[:limit])
    if len(found) >= limit:
        return found
    return list(
        queryset.exclude(**{f"{prefix}latitude": None})
        .annotate(distance_km=distance_expression(lat, lon, prefix))
        .order_by("distance_km", "pk")[:limit]
    )


def department_reference_commune(department: Department) -> Commune | None:
    """The most populous commune stands for the département (usually its préfecture)."""
    return department.communes.exclude(latitude=None).order_by("-population", "insee_code").first()


def region_reference_commune(region: Region) -> Commune | None:
    """The region's most populous commune (usually its capital)."""
    return (
        Commune.objects.filter(department__region=region)
        .exclude(latitude=None)
        .order_by("-population", "insee_code")
        .first()
    )
