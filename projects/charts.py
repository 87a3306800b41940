"""Geometry for server-rendered SVG bar charts (each chart is paired with a data table)."""

LABEL_WIDTH = 170
BAR_AREA = 330
ROW_HEIGHT = 34
BAR_HEIGHT = 22


def horizontal_bars(rows, value_key="homes", max_value=None):
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
