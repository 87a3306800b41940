"""The masks and fingerprints of the golden contract test (tests/contract/test_unchanged.py).

Every mask is explicit and replaces only a value that depends on *when* the test runs:

* the seed catalogue's timestamps (``created_at``/``updated_at``/``published_at`` are set to
  "now" by ``load_catalogue``) are not masked but *pinned* before each test to fixed,
  distinct instants (``pin_timestamps``), so sitemaps, feeds, exports and the API stay exact;
* ``mask_now`` blanks the instant of the request (the exports' ``generated_at``) and today's
  date (ISO and French long form: file names, "consulté le …" citations);
* ``db_neutral_json``/``db_neutral_atom`` sort the only lists whose order differs between SQLite
  and PostgreSQL on the seed data: a project's ``tenure_lines`` (ordered by ``status__position``,
  NULL for category-level lines: SQLite puts NULLs first, PostgreSQL last), its ``citations``
  (ordered by source title, a tie when one source is cited twice) and, derived from the tenure
  lines, the Atom entries' ``<category>`` elements;
* HTML pages are reduced to a structural fingerprint (``html_fingerprint``), admin pages to the
  names of their form fields (``form_field_names``); CSRF tokens and markup details are not kept.
"""

import json
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.utils import formats, timezone, translation

PINNED_EPOCH = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)


def pin_timestamps():
    """Give every project and organism fixed timestamps, one hour apart in slug order."""
    from organisms.models import Organism
    from projects.models import Project

    for model in (Project, Organism):
        has_published = any(field.name == "published_at" for field in model._meta.fields)
        for index, pk in enumerate(model.objects.order_by("slug").values_list("pk", flat=True)):
            instant = PINNED_EPOCH + timedelta(hours=index)
            rows = model.objects.filter(pk=pk)
            rows.update(created_at=instant, updated_at=instant)  # update(): no auto_now, no signals
            if has_published:
                rows.filter(published_at__isnull=False).update(published_at=instant)


_ISO_INSTANT = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?"


def mask_now(text, now):
    """Blank the request instant (±1 min around ``now``) and today's date, in every form used."""

    def instant(match):
        try:
            value = datetime.fromisoformat(match.group(0).replace("Z", "+00:00"))
        except ValueError:
            return match.group(0)
        if value.tzinfo is None:
            value = timezone.make_aware(value)
        return "<NOW>" if abs((value - now).total_seconds()) < 120 else match.group(0)

    text = re.sub(_ISO_INSTANT, instant, text)
    today = timezone.localdate(now)
    with translation.override("fr"):
        long_date = formats.date_format(today, "j F Y")
    for form in {today.isoformat(), long_date, today.strftime("%d/%m/%Y")}:
        text = text.replace(form, "<TODAY>")
    return text


DB_ORDERED_LISTS = ("tenure_lines", "citations")
_COMPACT = {"ensure_ascii": False, "separators": (",", ":")}


def db_neutral_json(body):
    """The API body with DB_ORDERED_LISTS sorted. Only for compact JSON that re-serialises to the
    exact bytes served, so that every other byte is still compared as served."""
    try:
        data = json.loads(body)
    except ValueError:
        return body
    if json.dumps(data, **_COMPACT) != body:
        return body

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value)
                if key in DB_ORDERED_LISTS and isinstance(value, list):
                    value.sort(key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    return json.dumps(data, **_COMPACT)


_CATEGORY_RUN = re.compile(r'(?:<category term="[^"]*"/>)+')
_CATEGORY = re.compile(r'<category term="[^"]*"/>')


def db_neutral_atom(body):
    """Each Atom entry's run of <category> elements sorted (they follow the tenure lines' order)."""
    return _CATEGORY_RUN.sub(lambda run: "".join(sorted(_CATEGORY.findall(run.group(0)))), body)


def _path(url):
    """An address without its query string (and scheme/host kept only when external)."""
    parts = urlsplit(url)
    keep = f"{parts.scheme}://{parts.netloc}" if parts.netloc and parts.netloc != "testserver" else ""
    return keep + parts.path + (f"#{parts.fragment}" if parts.fragment else "")


class _Fingerprint(HTMLParser):
    TAGS = {"a", "form", "input", "select", "textarea", "button", "h1", "h2", "h3"}
    TEXT_OF = {"h1", "h2"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines = []
        self._text = None  # (tag, [chunks]) while inside h1/h2

    def handle_starttag(self, tag, attrs):
        if tag not in self.TAGS:
            return
        attrs = dict(attrs)
        parts = [tag]
        if attrs.get("id"):
            parts.append(f"#{attrs['id']}")
        if attrs.get("name"):
            parts.append(f"name={attrs['name']}")
        if tag == "input":
            parts.append(f"type={attrs.get('type') or 'text'}")
        if tag == "a" and attrs.get("href") is not None:
            parts.append(f"href={_path(attrs['href'])}")
        if tag == "form":
            parts.append(f"action={_path(attrs.get('action') or '')} method={(attrs.get('method') or 'get').lower()}")
        self.lines.append(" ".join(parts))
        if tag in self.TEXT_OF:
            self._text = (tag, [])

    def handle_data(self, data):
        if self._text:
            self._text[1].append(data)

    def handle_endtag(self, tag):
        if self._text and tag == self._text[0]:
            self.lines.append(f"  {tag} text: {' '.join(''.join(self._text[1]).split())}")
            self._text = None


def html_fingerprint(html):
    """One line per a/form/input/select/textarea/button/h1–h3 in document order, plus h1/h2 text."""
    parser = _Fingerprint()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.lines) + "\n"


class _Fields(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.names = []
        self.headings = []
        self.links = []
        self._heading = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"input", "select", "textarea"} and attrs.get("name"):
            self.names.append(f"{tag} {attrs['name']}")
        if tag == "a" and attrs.get("href", "").startswith("/admin/"):
            self.links.append(_path(attrs["href"]))
        if tag == "h1":
            self._heading = []

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)

    def handle_endtag(self, tag):
        if tag == "h1" and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None


def form_field_names(html, with_links=False):
    """The h1, then the names of the form fields (input/select/textarea) in document order."""
    parser = _Fields()
    parser.feed(html)
    parser.close()
    lines = [f"h1: {heading}" for heading in parser.headings] + parser.names
    if with_links:
        lines += [f"link {link}" for link in dict.fromkeys(parser.links)]
    return "\n".join(lines) + "\n"
