"""Load ``data/ceilings.json`` into the database, idempotently (``manage.py load_ceilings``).

PLS tables are not typed in the data file: they are the PLUS tables raised by 30 %, as article 1
of the arrêté du 29 juillet 1987 says, rounded to the nearest euro (halves up).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from .models import CeilingTable, LegalText, Tenure

DATA_FILE = Path(__file__).resolve().parent / "data" / "ceilings.json"
PLS_RATE = Decimal("1.3")
PLS_RULE = "PLUS × 1,3 (arrêté du 29 juillet 1987, article 1)"


def pls_amount(plus_amount: int) -> int:
    return int((Decimal(plus_amount) * PLS_RATE).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    missing: list[dict[str, Any]] = field(default_factory=list)


def read_data(path: Path = DATA_FILE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def expanded_tables(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every table to load: the typed ones plus PLS computed from PLUS."""
    tables = [dict(table) for table in data["tables"]]
    for table in data["tables"]:
        if table["tenure"] == Tenure.PLUS:
            tables.append(
                {
                    **table,
                    "tenure": Tenure.PLS,
                    "ceilings": [pls_amount(amount) for amount in table["ceilings"]],
                    "extra": pls_amount(table["extra"]),
                    "article": f"article 1 et {table['article']}",
                    "rule": PLS_RULE,
                }
            )
    return tables


def _upsert(report: Report, model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> Any:
    row = model.objects.filter(**lookup).first()
    if row is None:
        report.created += 1
        return model.objects.create(**lookup, **values)
    changed = {name: value for name, value in values.items() if getattr(row, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(row, name, value)
        row.full_clean()
        row.save()
        report.updated += 1
    else:
        report.unchanged += 1
    return row


@transaction.atomic
def load_ceilings(path: Path = DATA_FILE) -> Report:
    data = read_data(path)
    report = Report(missing=data.get("missing", []))
    texts = {}
    for slug, text in data["texts"].items():
        texts[slug] = _upsert(
            report,
            LegalText,
            {"slug": slug},
            {
                "title": text["title"],
                "date": datetime.date.fromisoformat(text["date"]),
                "reference": text["reference"],
                "url": text["url"],
            },
        )
    kept = []
    for table in expanded_tables(data):
        values = {f"category_{n}": amount for n, amount in enumerate(table["ceilings"], start=1)}
        values.update(
            per_extra_person=table["extra"],
            text=texts[table["text"]],
            article=table["article"],
            rule=table.get("rule", ""),
        )
        row = _upsert(
            report, CeilingTable, {"tenure": table["tenure"], "year": table["year"], "zone": table["zone"]}, values
        )
        kept.append(row.pk)
    removed, _ = CeilingTable.objects.exclude(pk__in=kept).delete()
    report.removed = removed
    LegalText.objects.filter(tables=None).exclude(slug__in=texts).delete()
    return report
