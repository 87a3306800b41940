"""Every string marked for translation in the code has an English translation.

``check_translations.py`` checks the catalogue file itself; this test checks that the
catalogue covers the code: it runs ``makemessages`` on a copy of the project and fails on
any message that comes out untranslated (a string added without its English version).
Needs GNU gettext (``xgettext``), as ``makemessages`` does; skipped without it.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
IGNORED = shutil.ignore_patterns(
    ".*", "__pycache__", "*.pyc", "staticfiles", "media", "test-artifacts", "node_modules", "*.sqlite3", "bench"
)
sys.path.insert(0, str(BASE_DIR / "scripts"))
from check_translations import parse_po  # noqa: E402


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_every_translatable_string_in_the_code_has_an_english_translation(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(BASE_DIR, copy, ignore=IGNORED)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "-v0"],
        cwd=copy,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"},
    )
    assert result.returncode == 0, result.stderr
    entries = parse_po(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
    missing = [
        entry.msgid for entry in entries if not entry.is_header and (entry.is_fuzzy or not all(entry.msgstr.values()))
    ]
    assert not missing, "Untranslated (run makemessages -l en and translate):\n" + "\n".join(missing)
