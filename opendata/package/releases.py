"""Freeze the data package as a dated release (files in the default storage, a ``DataRelease`` row)
with a changelog computed against the previous release's files."""

import csv
import hashlib
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from ..models import DataRelease
from .build import build_package, sha256

CHANGELOG_NAME = "CHANGELOG.md"
LISTED = 30  # identifiers listed per change kind in the changelog; the counts are always complete


def next_version() -> str:
    base = timezone.localdate().isoformat()
    version, n = base, 1
    while DataRelease.objects.filter(version=version).exists():
        n += 1
        version = f"{base}-{n}"
    return version


def _digests(rows: Iterator[list[str]], key_column: str) -> dict[str, bytes]:
    header = next(rows, None)
    if header is None:
        return {}
    key = header.index(key_column)
    return {row[key]: hashlib.blake2b("\x1f".join(row).encode(), digest_size=8).digest() for row in rows}


def _read_local(path: Path, key_column: str) -> dict[str, bytes]:
    with path.open(newline="", encoding="utf-8") as handle:
        return _digests(csv.reader(handle), key_column)


def _read_release(release: DataRelease, name: str, key_column: str) -> dict[str, bytes]:
    path = release.storage_path(name)
    if not default_storage.exists(path):
        return {}
    with default_storage.open(path, "rb") as handle:
        return _digests(csv.reader(io.TextIOWrapper(handle, encoding="utf-8", newline="")), key_column)


def _section(title: str, before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    added = sorted(set(after) - set(before), key=_natural)
    removed = sorted(set(before) - set(after), key=_natural)
    changed = sorted((key for key in after.keys() & before.keys() if after[key] != before[key]), key=_natural)
    lines = [f"## {title}", ""]
    for label, keys in (("ajoutés", added), ("retirés", removed), ("modifiés", changed)):
        shown = ", ".join(keys[:LISTED]) + (f" … (+{len(keys) - LISTED})" if len(keys) > LISTED else "")
        lines.append(f"- {len(keys)} {label}" + (f" : {shown}" if keys else ""))
    return [*lines, ""]


def _natural(key: str) -> tuple[str, int]:
    prefix, _, number = key.rpartition("-")
    return (prefix, int(number)) if number.isdigit() else (key, 0)


def changelog(version: str, directory: Path, previous: DataRelease | None) -> str:
    lines = [f"# Version {version}", ""]
    if previous is None:
        return "\n".join([*lines, "Première version publiée.", ""])
    lines += [f"Changements depuis la version {previous.version}.", ""]
    lines += _section(
        "Projets (par id)", _read_release(previous, "projects.csv", "id"), _read_local(directory / "projects.csv", "id")
    )
    lines += _section(
        "Faits (par fact_id)",
        _read_release(previous, "facts.csv", "fact_id"),
        _read_local(directory / "facts.csv", "fact_id"),
    )
    return "\n".join(lines)


def make_release(base_url: str, version: str = "") -> DataRelease:
    """Build the package in a temporary directory, then store its files and record the release."""
    version = version or next_version()
    previous = DataRelease.objects.order_by("-created_at", "-pk").first()
    with tempfile.TemporaryDirectory(prefix="release-") as workdir:
        directory = Path(workdir)
        counts = build_package(directory, base_url, version=version)
        text = changelog(version, directory, previous)
        (directory / CHANGELOG_NAME).write_text(text, "utf-8")
        release = DataRelease(
            version=version, project_count=counts["projects"], fact_count=counts["facts"], changelog=text
        )
        files = {}
        for path in sorted(directory.iterdir()):
            files[path.name] = {"size": path.stat().st_size, "sha256": sha256(path)}
            with path.open("rb") as handle:
                stored = default_storage.save(release.storage_path(path.name), File(handle))
            if stored != release.storage_path(path.name):
                raise RuntimeError(f"the storage renamed {path.name} (a file of this version already exists)")
        release.files = files
        with transaction.atomic():
            release.save()
    return release
