"""Temporary shim, removed after the redesign: the exports live in opendata.exports, the streaming
helpers in common.streaming (projects.views_stats still imports them from here)."""

from common.streaming import TextBuffer, in_language  # noqa: F401 — temporary shim, removed after the redesign
