"""The helper's answer as plain data: what the API returns, and what the page shows."""

from __future__ import annotations

from typing import Any

from .engine import Assessment


def answer_data(assessment: Assessment, projects: list[dict[str, Any]]) -> dict[str, Any]:
    commune = assessment.commune
    data: dict[str, Any] = {
        "year": assessment.year,
        "commune": {"insee_code": commune.insee_code, "name": commune.name, "department": commune.department.code},
        "overseas": assessment.overseas,
        "persons": assessment.household.persons,
        "household_category": None if assessment.overseas else assessment.category,
        "rental_zone": assessment.rental_zone.value if assessment.rental_zone else None,
        "ownership_zone": assessment.abc_zone.value if assessment.abc_zone else None,
        "tenures": [],
        "projects": [],
        "notice": "Être sous le plafond est nécessaire, pas suffisant : l'attribution passe par la "
        "commission d'attribution du bailleur (CAL/CALEOL) et par le groupe d'habitants.",
    }
    for answer in assessment.answers:
        table = answer.table
        data["tenures"].append(
            {
                "tenure": answer.tenure.value,
                "zone": answer.zone.value if answer.zone else None,
                "category_or_persons": answer.size,
                "ceiling": answer.ceiling,
                "eligible": answer.eligible,
                "margin": answer.margin,
                "table_loaded": table is not None,
                "legal_text": None
                if table is None
                else {
                    "title": table.text.title,
                    "date": table.text.date.isoformat(),
                    "reference": table.text.reference,
                    "article": table.article,
                    "rule": table.rule,
                    "url": table.text.url,
                },
            }
        )
    for row in projects:
        project = row["project"]
        data["projects"].append(
            {
                "slug": project.slug,
                "name": project.name,
                "url": project.get_absolute_url(),
                "commune": project.commune.name if project.commune else None,
                "distance_km": round(row["distance_km"], 1),
                "homes": [{"tenure": tenure, "count": homes} for tenure, homes in row["lines"]],
                "phase": project.phase or None,
            }
        )
    return data
