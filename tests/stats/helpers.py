"""Small HTML helpers for the statistics tests (standard library only)."""

import csv
import io
import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """Collects ids, <svg> charts and tables (cell texts by row), and checks that tags nest."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.ids = []
        self.svgs = []
        self.tables = {}  # caption id (or index) -> {"rows": [[cell text…]…], "attrs"…}
        self.stack = []
        self.errors = []
        self._table = None
        self._row = None
        self._cell = None
        self._svg = None
        self._in_title = False
        self.feed(html)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack[-5:]}")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "svg":
            self._svg = {"attrs": attrs, "title": None, "first_child": None, "texts": []}
            self.svgs.append(self._svg)
        elif self._svg is not None and self._svg["first_child"] is None:
            self._svg["first_child"] = tag
        if tag == "title" and self._svg is not None:
            self._in_title = True
            self._svg["title"] = ""
        if tag == "table":
            self._table = {"rows": [], "caption_id": None, "header_scopes": []}
        if tag == "caption" and self._table is not None:
            self._table["caption_id"] = attrs.get("id")
        if tag == "tr" and self._table is not None:
            self._row = []
        if tag in ("td", "th") and self._row is not None:
            self._cell = ""
            if tag == "th" and self.stack.count("tbody"):
                self._table["header_scopes"].append(attrs.get("scope"))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "svg":
            self._svg = None
        if tag == "title":
            self._in_title = False
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join(self._cell.split()))
            self._cell = None
        if tag == "tr" and self._table is not None and self._row is not None:
            self._table["rows"].append(self._row)
            self._row = None
        if tag == "table" and self._table is not None:
            key = self._table["caption_id"] or len(self.tables)
            self.tables[key] = self._table
            self._table = None

    def handle_data(self, data):
        if self._in_title and self._svg is not None:
            self._svg["title"] += data
        elif self._svg is not None and data.strip():
            self._svg["texts"].append(data.strip())
        if self._cell is not None:
            self._cell += data


def parse_csv(response):
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def normalise_number(text):
    """ "38,7 %" -> "38.7", "1 234" -> "1234", "—" -> "" (how a French table writes a CSV value)."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("%", "").strip()
    if text == "—":
        return ""
    if re.fullmatch(r"-?[\d ]+(,\d+)?", text):
        return text.replace(" ", "").replace(",", ".")
    return text


def same_number(csv_value, html_value):
    """A CSV number and the table's rendering of it (the table drops a trailing ",0")."""
    html_value = normalise_number(html_value)
    if csv_value == html_value:
        return True
    try:
        return float(csv_value) == float(html_value)
    except ValueError:
        return False
