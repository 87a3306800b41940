"""The tenure mix of projects side by side, as 100 % stacked bars with their data table."""

from decimal import Decimal
from typing import Any, TypedDict

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.charts import apportion, wrap_label
from projects.models import Project, TenureCategory

from .charts.base import CATEGORY_ORDER, UNKNOWN

STACK_LABEL_WIDTH = 200
STACK_BAR_WIDTH = 400
STACK_ROW_HEIGHT = 46
STACK_BAR_HEIGHT = 30
STACK_MIN_TEXT_WIDTH = 56  # narrower segments carry no text (the table has every figure)


class _Group(TypedDict):
    homes: int
    statuses: list[dict[str, Any]]


def tenure_mix(project: Project) -> dict | None:
    """Homes per tenure category (+ undescribed homes), with percentages summing to exactly 100.

    Uses the prefetched tenure lines. Returns ``None`` when neither the total nor any line is known.
    """
    groups: dict[str, _Group] = {code: {"homes": 0, "statuses": []} for code in (*CATEGORY_ORDER, UNKNOWN)}
    for line in project.tenure_lines.all():
        group = groups[line.effective_category]
        group["homes"] += line.homes
        group["statuses"].append(
            {"label": line.display_label if line.status_id else _("statut non précisé"), "homes": line.homes}
        )
    described = sum(group["homes"] for group in groups.values())
    base = max(project.total_homes or 0, described)
    if not base:
        return None
    groups[UNKNOWN]["homes"] = base - described
    codes = [code for code in groups if groups[code]["homes"]]
    tenths = apportion([groups[code]["homes"] for code in codes], 1000)
    widths = apportion([groups[code]["homes"] for code in codes], STACK_BAR_WIDTH)
    segments, x = [], STACK_LABEL_WIDTH
    for code, share, width in zip(codes, tenths, widths, strict=True):
        segments.append(
            {
                "category": code,
                "label": category_label(code),
                "homes": groups[code]["homes"],
                "statuses": groups[code]["statuses"],
                "percent": Decimal(share) / 10,
                "x": x,
                "width": width,
                "text_x": x + width // 2,  # integers only: templates localise floats ("400,5")
                "show_text": width >= STACK_MIN_TEXT_WIDTH,
            }
        )
        x += width
    return {
        "base": base,
        "described": described,
        "total_known": project.total_homes is not None,
        "segments": segments,
        "by_category": {segment["category"]: segment for segment in segments},
    }


def category_label(code: str) -> str | Promise:
    return _("Statut non précisé par les sources") if code == UNKNOWN else TenureCategory(code).label


def stacked_layout(items: list[dict]) -> dict:
    """Rows of 100 % bars, one per compared project; ``items`` carry ``project`` and ``mix``."""
    rows = []
    for index, item in enumerate(items):
        y = index * STACK_ROW_HEIGHT
        lines = wrap_label(item["project"].name, 26)
        if len(lines) == 1:
            tspans = [{"y": y + 24, "text": lines[0]}]
        else:
            tspans = [{"y": y + 16, "text": lines[0]}, {"y": y + 31, "text": lines[1]}]
        rows.append(
            {
                "project": item["project"],
                "mix": item["mix"],
                "bar_y": y + 4,
                "text_y": y + 24,
                "label_tspans": tspans,
                "wrapped": len(lines) > 1,
            }
        )
    return {
        "rows": rows,
        "width": STACK_LABEL_WIDTH + STACK_BAR_WIDTH + 10,
        "height": max(len(rows), 1) * STACK_ROW_HEIGHT,
        "label_x": STACK_LABEL_WIDTH - 8,
        "bar_height": STACK_BAR_HEIGHT,
        "empty_x": STACK_LABEL_WIDTH + 6,
    }


def mix_table(items: list[dict], categories: list[dict]) -> dict:
    """The data table of the stacked bars: one row per category, one cell per compared project."""
    rows = [
        {
            "code": category["code"],
            "label": category["label"],
            "cells": [item["mix"]["by_category"].get(category["code"]) if item["mix"] else None for item in items],
        }
        for category in categories
    ]
    totals = [item["mix"] for item in items]
    return {"rows": rows, "totals": totals}


def mix_categories(items: list[dict]) -> list[dict]:
    """The categories present in at least one compared project, in the fixed order (unknown last)."""
    present = {code for item in items if item["mix"] for code in item["mix"]["by_category"]}
    return [{"code": code, "label": category_label(code)} for code in (*CATEGORY_ORDER, UNKNOWN) if code in present]
