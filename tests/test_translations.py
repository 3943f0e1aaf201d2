"""The zh_Hans catalogue is complete, compiled, and covers every string in the source."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
SOURCE_DIRS = [
    "accounts",
    "common",
    "congress_portal",
    "dashboard",
    "demo",
    "deputies",
    "liaison",
    "livelihood",
    "monthly_statistics",
    "notifications",
    "supervision",
    "templates",
    "locale",
]


def untranslated(catalogue: polib.POFile) -> list[str]:
    return [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def test_committed_catalogue_has_every_entry_translated():
    assert untranslated(polib.pofile(str(PO))) == []


def test_compiled_catalogue_matches_the_po_file():
    po = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.pofile(str(PO))
        if e.translated() and not e.obsolete
    }
    mo = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(MO)) if e.msgid}
    assert mo == po, "run `make messages` to recompile locale/zh_Hans/LC_MESSAGES/django.mo"


@pytest.mark.skipif(shutil.which("xgettext") is None and os.environ.get("CI") != "true", reason="needs gettext")
def test_every_translatable_string_in_the_source_is_in_the_catalogue(tmp_path):
    """Extract the strings from a copy of the source, as `make messages` would, and check them."""
    for name in SOURCE_DIRS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "congress_portal.settings.test", "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "--no-obsolete"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    missing = untranslated(polib.pofile(str(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")))
    assert missing == [], "untranslated strings; run `make messages` and translate them"
