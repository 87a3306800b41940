"""``{% once %}``: the parts of the page shell (head links, brand, menu, footer, the breadcrumb's
first links) that depend on nothing but the language, rendered once per process.

    {% once "footer" %}…{% endonce %}
    {% once "menu" section=section %}…{% endonce %}

A block is rendered the first time in a context of its own, then its HTML is reused. That context
holds ``LANGUAGE_CODE`` and the block's arguments, nothing else: the cache key is the block (its
template and its source), the language, the script prefix, the URL configuration and the
arguments' values, so the HTML depends on no more than its key. Reading any other variable in the
block (or a template it includes) is refused (``OnceBlockError``), not silently frozen: the user,
the CSRF token, the CSP nonce, messages and the request can never end up in another visitor's page.
Arguments are plain values (text, numbers, booleans) and may not name the user, the session, the
token or the nonce.

Blocks keyed by arguments share a bounded LRU (``MAX_ENTRIES``) with the others; a settings change
(``override_settings`` in tests: ``STATIC_URL``, ``ROOT_URLCONF``…) or an edited template
(``runserver``'s reloader) empties it.
"""

import hashlib
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, cast

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import FilterExpression, Node, NodeList, Parser, Token, Variable, token_kwargs
from django.template.context import Context
from django.template.loader_tags import BlockNode
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.autoreload import file_changed
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

MAX_ENTRIES = 1024
# Variables a block may not take as arguments: they differ per visitor (or per response).
_PER_VISITOR_ROOTS = {"user", "perms", "csrf_token", "messages"}
_PER_VISITOR_REQUEST_ATTRIBUTES = {"user", "session", "csp_nonce", "COOKIES", "META", "auth"}
_PLAIN_VALUES = (str, int, float, bool, type(None))


class OnceBlockError(template.TemplateSyntaxError):
    """A ``{% once %}`` block read something its key does not hold."""


class _Rendered:
    """The blocks' HTML by key, least recently used first out."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self.entries: OrderedDict[tuple, SafeString] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> SafeString | None:
        with self.lock:
            html = self.entries.get(key)
            if html is not None:
                self.entries.move_to_end(key)
            return html

    def put(self, key: tuple, html: SafeString) -> None:
        with self.lock:
            self.entries[key] = html
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()

    def __len__(self) -> int:
        return len(self.entries)


rendered = _Rendered(MAX_ENTRIES)


@receiver(setting_changed)
def _forget_on_setting_change(**kwargs: Any) -> None:
    # Any setting may show in a block (STATIC_URL, ROOT_URLCONF, LANGUAGES, SITE_URL…): start afresh.
    rendered.clear()


@receiver(file_changed)
def _forget_on_template_change(sender: Any, file_path: Path, **kwargs: Any) -> None:
    # runserver: an edited template (an included one too) is shown at once. Returns None, so the
    # reloader still does what it would have done.
    if file_path.suffix in (".html", ".txt", ".xml"):
        rendered.clear()


class _BlockContext(Context):
    """The context a block renders in: its own variables, and a refusal for anything else."""

    block_name = ""

    def __getitem__(self, key: int | str | Node) -> Any:
        for values in reversed(self.dicts):
            if key in values:
                return values[key]
        raise self._refusal(key)

    def get(self, key: int | str | Node, otherwise: Any = None) -> Any:
        # Tags read optional variables this way ({% csrf_token %}, a tag taking the context and
        # looking for the request): refused too, not silently empty.
        return self[key]

    def _refusal(self, key: object) -> "OnceBlockError":
        return OnceBlockError(
            f"{{% once {self.block_name} %}} reads “{key}”, which is not in its key: keep it outside the "
            f"block, or pass it ({{% once {self.block_name} {key}={key} %}}) if the block truly depends on it "
            "and it is the same for every visitor."
        )


class OnceNode(Node):
    def __init__(self, name: str, block_id: str, arguments: dict[str, FilterExpression], nodelist: NodeList) -> None:
        self.name = name
        self.block_id = block_id
        self.arguments = arguments
        self.nodelist = nodelist

    def render(self, context: Context) -> SafeString:
        values = {name: expression.resolve(context) for name, expression in self.arguments.items()}
        for name, value in values.items():
            if not isinstance(value, _PLAIN_VALUES):
                raise OnceBlockError(
                    f"{{% once {self.name} %}}: argument “{name}” is a {type(value).__name__}, not a plain value "
                    "(text, number, boolean)."
                )
        language = translation.get_language()
        key = (self.block_id, language, get_script_prefix(), get_urlconf(), context.autoescape, *values.items())
        html = rendered.get(key)
        if html is None:
            html = mark_safe(self.nodelist.render(self._block_context(context, language, values)))  # noqa: S308 — rendered output
            rendered.put(key, html)
        return html

    def _block_context(self, context: Context, language: str, values: dict[str, Any]) -> _BlockContext:
        block_context = _BlockContext(
            {"LANGUAGE_CODE": language, **values},
            autoescape=context.autoescape,
            use_l10n=context.use_l10n,
            use_tz=context.use_tz,
        )
        block_context.block_name = self.name
        block_context.template = context.template  # {% include %} loads through the page's engine
        return block_context


def _refuse_per_visitor(name: str, argument: str, expression: FilterExpression) -> None:
    variable = expression.var
    if not isinstance(variable, Variable) or variable.lookups is None:
        return  # a literal
    root, *rest = variable.lookups
    if root in _PER_VISITOR_ROOTS or (root == "request" and (not rest or rest[0] in _PER_VISITOR_REQUEST_ATTRIBUTES)):
        raise OnceBlockError(
            f"{{% once {name} %}}: argument “{argument}” ({expression.token}) differs per visitor; "
            "keep what depends on the visitor outside the block."
        )


@register.tag
def once(parser: Parser, token: Token) -> OnceNode:
    """``{% once "name" [argument=value …] %}…{% endonce %}``: rendered once per language and
    argument values, in a context holding only ``LANGUAGE_CODE`` and the arguments."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('Usage: {% once "name" [argument=value …] %}…{% endonce %}')
    name = bits[1][1:-1]
    rest = bits[2:]
    arguments = token_kwargs(rest, parser)
    if rest:
        raise template.TemplateSyntaxError(f"{{% once {name} %}}: arguments are name=value pairs, not {rest[0]!r}.")
    for argument, expression in arguments.items():
        _refuse_per_visitor(name, argument, expression)
    remaining = cast(list[Token], list(parser.tokens))
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        # A child template's override would be ignored (or frozen): blocks stay outside.
        raise template.TemplateSyntaxError(f"{{% once {name} %}} cannot hold a {{% block %}}.")
    # The block's own source (the tokens just parsed) is part of its key: two templates may use the
    # same name, and an edited block is never served from before the edit.
    source = "\x00".join(t.contents for t in reversed(remaining[len(parser.tokens) :]))
    origin = getattr(parser.origin, "name", "") or ""
    digest = hashlib.blake2b(f"{origin}\x00{name}\x00{source}".encode(), digest_size=12).hexdigest()
    return OnceNode(name, f"{name}:{digest}", arguments, nodelist)
