"""The French catalogue is complete: every message of our sources has a French translation in
what Django really loads, and every compiled catalogue matches its source file.

The message ids are extracted afresh by Django's own `makemessages`, run on a copy of the
sources (never on the working tree), so a string wrapped for translation but never added to a
catalogue fails here, whichever app it lives in.
"""

import gettext as gettext_module
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.utils import translation
from django.utils.translation import trans_real

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {".venv", ".git", "tests", "bench", "staticfiles", "var", "media", "node_modules", "__pycache__"}
SOURCE_SUFFIXES = {".py", ".html", ".txt"}


def _copy_sources(target: Path) -> None:
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if SKIPPED_DIRS & set(relative.parts) or "locale" in relative.parts:
            continue
        if path.is_file() and (path.suffix in SOURCE_SUFFIXES or path.name == "manage.py"):
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)


def _our_messages(tmp_path: Path) -> list:
    """Every message id of our sources, as makemessages extracts them (one catalogue, no
    app-specific locale directories)."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext (GNU gettext) is needed to extract the messages: apt-get install gettext")
    _copy_sources(tmp_path)
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-location", "--ignore=.venv"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_ENV": "test", "DJANGO_SETTINGS_MODULE": "franchise_platform.settings"},
    )
    with open(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po", "rb") as handle:
        return [message for message in read_po(handle) if message.id]


def _key(message):
    msgid = message.id[0] if message.pluralizable else message.id
    key = f"{message.context}\x04{msgid}" if message.context else msgid
    return (key, 0) if message.pluralizable else key


def test_every_message_of_the_sources_has_a_french_translation(tmp_path):
    messages = _our_messages(tmp_path)
    assert len(messages) > 500  # the extraction saw the whole code base
    with translation.override("fr"):
        catalogue = trans_real.translation("fr")._catalog
    missing = []
    for message in messages:
        translated = catalogue.get(_key(message))
        if not translated:
            missing.append(repr(message.id))
    assert not missing, f"{len(missing)} message(s) without a French translation:\n" + "\n".join(missing)


def _catalogue_files(language: str) -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob(f"locale/{language}/LC_MESSAGES/django.po")
        if not SKIPPED_DIRS & set(path.relative_to(ROOT).parts)
    )


@pytest.mark.parametrize("po_path", _catalogue_files("fr"), ids=lambda p: str(p.relative_to(ROOT)))
def test_french_catalogues_have_no_fuzzy_or_empty_entry(po_path):
    with open(po_path, "rb") as handle:
        catalogue = read_po(handle)
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            wrong.append(repr(message.id))
    assert not wrong, f"{po_path.relative_to(ROOT)}: fuzzy or untranslated: {wrong}"


@pytest.mark.parametrize(
    "po_path",
    _catalogue_files("fr") + _catalogue_files("en"),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_compiled_catalogues_match_their_sources(po_path):
    """A translation written in the .po but not compiled never reaches a user."""
    with open(po_path, "rb") as handle:
        catalogue = read_po(handle)
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path.relative_to(ROOT)} is missing: run make messages"
    with open(mo_path, "rb") as handle:
        compiled = gettext_module.GNUTranslations(handle)._catalog
    stale = []
    for message in catalogue:
        if not message.id or message.fuzzy:
            continue
        if message.pluralizable:
            for index, string in enumerate(message.string):
                key = (f"{message.context}\x04{message.id[0]}" if message.context else message.id[0], index)
                if string and compiled.get(key) != string:
                    stale.append(repr(message.id[0]))
        else:
            key = f"{message.context}\x04{message.id}" if message.context else message.id
            if message.string and compiled.get(key) != message.string:
                stale.append(repr(message.id))
    assert not stale, f"{mo_path.relative_to(ROOT)} is older than its .po for: {stale}"
