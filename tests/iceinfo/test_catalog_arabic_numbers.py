"""Arabic counts: the singular and the dual already say "one" and "two", so no numeral goes with them.

"على بُعد 2 ميلين" reads "2 two miles away" (issue #18). Every plural entry of the Arabic catalog
whose count is in the text renders, for 1 and 2, without the numeral.
"""

import gettext
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COUNT_NAMES = ("counter", "miles")


@pytest.fixture(scope="module")
def arabic(tmp_path_factory):
    mo = tmp_path_factory.mktemp("ar") / "django.mo"
    subprocess.run(["msgfmt", "-o", str(mo), str(ROOT / "locale/ar/LC_MESSAGES/django.po")], check=True)
    with open(mo, "rb") as handle:
        return gettext.GNUTranslations(handle)


def _counted_plurals(translations):
    for key in translations._catalog:
        if isinstance(key, tuple) and key[1] == 0:  # a plural entry: (msgid, form)
            msgid = key[0]
            names = set(re.findall(r"%\((\w+)\)s", msgid))
            count = next((name for name in COUNT_NAMES if name in names), None)
            if count:
                yield msgid, msgid, count, names


def test_one_and_two_carry_no_numeral(arabic):
    checked = []
    for msgid, msgid_plural, count, names in _counted_plurals(arabic):
        for n in (1, 2):
            values = {name: "X" for name in names} | {count: n}
            text = arabic.ngettext(msgid, msgid_plural, n) % values
            assert str(n) not in text, f"{msgid!r} for {n}: {text!r}"
        checked.append(msgid)
    assert "About %(miles)s mile away" in checked and len(checked) >= 5


def test_three_and_more_keep_the_numeral(arabic):
    for msgid, msgid_plural, count, names in _counted_plurals(arabic):
        for n in (3, 11, 100):
            values = {name: "X" for name in names} | {count: n}
            assert str(n) in arabic.ngettext(msgid, msgid_plural, n) % values, msgid
    assert arabic.ngettext("About %(miles)s mile away", "About %(miles)s miles away", 2) % {"miles": 2} == (
        "على بُعد ميلين تقريبًا"
    )
