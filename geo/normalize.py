"""Temporary shim: normalisation moved to common/text.py."""

from common.text import normalize  # noqa: F401 — temporary shim, removed after the redesign
