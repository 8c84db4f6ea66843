"""Every language's catalog is complete: no untranslated or fuzzy entry, placeholders kept, valid."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import to_locale

ROOT = Path(__file__).resolve().parents[2]
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]*\}|<[a-z]+:[a-z_]+>")


def _entries(path):
    """(flags, msgid, msgstr or plural forms) for each entry of a .po file (a small, strict reader)."""
    entries, flags, current, field = [], "", None, None

    def unquote(text):
        return bytes(text.strip()[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,"):
            flags = line
        elif line.startswith("msgid "):
            current = {"flags": flags, "msgid": unquote(line[6:]), "msgstr": [], "plural": False}
            field = "msgid"
            flags = ""
        elif line.startswith("msgid_plural "):
            current["plural"] = True
            field = "msgid_plural"
        elif line.startswith("msgstr"):
            current["msgstr"].append(unquote(line.split(" ", 1)[1]))
            field = "msgstr"
        elif line.startswith('"') and current is not None:
            if field == "msgid":
                current["msgid"] += unquote(line)
            elif field == "msgstr":
                current["msgstr"][-1] += unquote(line)
        elif not line.strip() and current is not None:
            entries.append(current)
            current, field = None, None
    return entries


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_catalog_is_complete(code):
    path = ROOT / "locale" / to_locale(code) / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"no catalog for {code}"
    entries = _entries(path)
    header = entries[0]
    assert header["msgid"] == ""
    assert f"Language: {to_locale(code)}" in header["msgstr"][0] or f"Language: {code}" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=" in header["msgstr"][0]
    problems = []
    for entry in entries[1:]:
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy: {entry['msgid']!r}")
        if not all(entry["msgstr"]):
            problems.append(f"untranslated: {entry['msgid']!r}")
        for translated in entry["msgstr"]:
            if translated and sorted(set(PLACEHOLDER.findall(entry["msgid"]))) != sorted(set(PLACEHOLDER.findall(translated))):
                if not entry["plural"]:  # plural forms may drop the count in the singular
                    problems.append(f"placeholders differ: {entry['msgid']!r} -> {translated!r}")
    assert not problems, f"{code}: {len(problems)} problems\n" + "\n".join(problems[:40])
    assert len(entries) > 100


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_catalog_compiles_cleanly(code, tmp_path):
    path = ROOT / "locale" / to_locale(code) / "LC_MESSAGES" / "django.po"
    result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "x.mo"), str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
