"""Reading an admin page's form back, to post it as a browser would."""

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    """Collects the fields of one <form> as a browser would submit them."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.fields = {}
        self._select = None  # (name, multiple, selected values, first option value)
        self._textarea = None  # (name, text parts)

    def _add(self, name, value):
        if name and "__prefix__" not in name:
            self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
            return
        if not self.in_form:
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(attrs.get("name"), attrs.get("value", "on" if kind in {"checkbox", "radio"} else ""))
        elif tag == "select":
            self._select = [attrs.get("name"), "multiple" in attrs, [], None]
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[3] is None:
                self._select[3] = value
            if "selected" in attrs:
                self._select[2].append(value)
        elif tag == "textarea":
            self._textarea = (attrs.get("name"), [])

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self._select is not None:
            name, multiple, selected, first = self._select
            if not selected and not multiple and first is not None:
                selected = [first]
            for value in selected:
                self._add(name, value)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            self._add(name, "".join(parts).removeprefix("\n"))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)


def form_data(response, form_id, overrides=None):
    """The fields of ``form_id`` in ``response`` with their current values, then ``overrides``.

    Override values may be lists (multiple values) or None (drop the field).
    """
    parser = _FormFields(form_id)
    parser.feed(response.content.decode())
    assert parser.fields, f"no form #{form_id} in the page"
    data = dict(parser.fields)
    for name, value in (overrides or {}).items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value if isinstance(value, list) else [value]
    return data


def seen_version(project):
    """What the publish button of the project's change page posts: the version on screen."""
    from projects.models import Project
    from projects.workflow import version_of

    return {"seen_version": version_of(Project.objects.get(pk=project.pk).updated_at)}
