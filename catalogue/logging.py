"""Structured logs: one JSON object per line, with the request id, and no secrets.

``RequestContextFilter`` adds ``request_id`` (``catalogue.middleware.RequestIdMiddleware``),
``method`` and ``path`` to every record written while a request is handled, and removes
anything secret: query-string values of sensitive names, one-time tokens in paths, and
``password=…`` / ``Authorization`` / cookie values in messages, and the household and income
typed into the eligibility helper. The request object itself
(headers, cookies, body) is never written.
"""

import contextvars
import logging
import re

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from eligibility.privacy import PRIVATE_PARAMETERS

current_request_id = contextvars.ContextVar("request_id", default=None)

REDACTED = "[masqué]"
_SENSITIVE_NAMES = (
    r"(?:password|passwd|pwd|secret|token|key|api[_-]?key|session(?:id)?"
    r"|csrf(?:token|middlewaretoken)?|auth\w*|signature|sig)"
)
_SECRET_PATTERNS = (
    # name=value and "name": "value" pairs (query strings, form bodies, JSON, repr of dicts)
    re.compile(rf"(?i)(\b{_SENSITIVE_NAMES}\w*['\"]?\s*[=:]\s*['\"]?)([^&\s'\",;]+)"),
    # HTTP headers that carry credentials
    re.compile(r"(?i)(\b(?:authorization|proxy-authorization)\s*[:=]\s*)([^\r\n]+)"),
    re.compile(r"(?i)(\bcookie\s*[:=]\s*)([^\r\n]+)"),
    # Django's one-time links: /…/<uidb64>/<token>/ (password reset, editors' invitations)
    re.compile(r"(/[0-9A-Za-z_\-]+/)([0-9a-z]{1,13}-[0-9a-f]{20,})(?=/|$|\s)"),
    # The eligibility helper's household and income (eligibility/forms.py), in query strings.
    re.compile(rf"((?:^|[?&\s\"'])(?:{'|'.join(PRIVATE_PARAMETERS)})=)([^&\s'\",;]*)"),
)


def redact(text):
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(lambda match: match.group(1) + REDACTED, text)
    return text


class RequestContextFilter(logging.Filter):
    """Adds the request's id, method and (redacted) path; masks secrets in the message."""

    def filter(self, record):
        request = getattr(record, "request", None)
        request_id = getattr(request, "request_id", None) or current_request_id.get()
        if request_id and not getattr(record, "request_id", None):
            record.request_id = request_id
        if request is not None and hasattr(request, "get_full_path"):
            record.method = getattr(request, "method", "")
            record.path = redact(request.get_full_path())
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class JsonFormatter(_JsonFormatter):
    """python-json-logger, without the objects Django attaches to records (request, server
    socket), whose text would carry headers and cookies; secrets in tracebacks are masked."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "reserved_attrs",
            [*RESERVED_ATTRS, "taskName", "request", "server_time", "response", "socket", "exception"],
        )
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger", "asctime": "time"})
        super().__init__(*args, **kwargs)

    def formatException(self, ei):
        return redact(super().formatException(ei))
