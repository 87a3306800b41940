"""Geometry for server-rendered SVG bar charts (each chart is paired with a data table).

``horizontal_bars`` places the bars; ``bar_layout`` widens the label column for long labels and
wraps them on two lines, so labels are never cut by the SVG edge; ``apportion`` splits a whole
(100 %, a bar's width) into integer parts that add up exactly.
"""

import textwrap

LABEL_WIDTH = 170
BAR_AREA = 330
ROW_HEIGHT = 34
BAR_HEIGHT = 22
CHAR_WIDTH = 7.4  # average width of a 14px system-ui character, in SVG user units
WRAP_AT = 34  # characters per label line
MAX_LABEL_WIDTH = 280


def horizontal_bars(rows: list[dict], value_key: str = "homes", max_value: int | None = None) -> dict:
    """Add x/y/width to each row dict; return (rows, width, height) for the SVG viewBox."""
    top = max_value or max((row[value_key] for row in rows), default=0) or 1
    for index, row in enumerate(rows):
        row["y"] = index * ROW_HEIGHT
        row["text_y"] = index * ROW_HEIGHT + 16
        row["bar_x"] = LABEL_WIDTH
        row["bar_width"] = max(1, round(BAR_AREA * row[value_key] / top)) if row[value_key] else 0
        row["value_x"] = LABEL_WIDTH + row["bar_width"] + 6
    return {
        "rows": rows,
        "width": LABEL_WIDTH + BAR_AREA + 70,
        "height": max(len(rows) * ROW_HEIGHT, ROW_HEIGHT),
        "label_x": LABEL_WIDTH - 8,
        "bar_height": BAR_HEIGHT,
    }


def wrap_label(text: object, width: int = WRAP_AT) -> list[str]:
    """At most two lines; a longer label ends with "…" (the table keeps it whole)."""
    return textwrap.wrap(str(text), width, max_lines=2, placeholder=" …") or [""]


def bar_layout(rows: list[dict], value_key: str, max_value: int | None = None) -> dict:
    """``horizontal_bars`` with a label column sized to the longest label (two lines at most)."""
    for row in rows:
        row["label_lines"] = wrap_label(row["chart_label"])
    longest = max((len(line) for row in rows for line in row["label_lines"]), default=0)
    label_width = min(MAX_LABEL_WIDTH, max(LABEL_WIDTH, round(longest * CHAR_WIDTH) + 16))
    shift = label_width - LABEL_WIDTH
    layout = horizontal_bars(rows, value_key=value_key, max_value=max_value)
    layout["label_x"] += shift
    layout["width"] += shift
    for row in rows:
        row["bar_x"] += shift
        row["value_x"] += shift
        if len(row["label_lines"]) == 1:
            row["label_tspans"] = [{"y": row["text_y"], "text": row["label_lines"][0]}]
        else:
            row["label_tspans"] = [
                {"y": row["y"] + 9, "text": row["label_lines"][0]},
                {"y": row["y"] + 23, "text": row["label_lines"][1]},
            ]
        row["wrapped"] = len(row["label_lines"]) > 1
    layout["row_height"] = ROW_HEIGHT
    return layout


def apportion(values: list[int], units: int) -> list[int]:
    """Split ``units`` in proportion to ``values`` (integers) with parts summing exactly to ``units``.

    Largest remainder method: shares of a 100 % bar always add up to 100 %, and
    segment widths to the full bar.
    """
    total = sum(values)
    if not total:
        return [0 for _value in values]
    parts, remainders = [], []
    for index, value in enumerate(values):
        quotient, remainder = divmod(value * units, total)
        parts.append(quotient)
        remainders.append((-remainder, index))
    for _remainder, index in sorted(remainders)[: units - sum(parts)]:
        parts[index] += 1
    return parts
