"""manage.py build_place_data: the committed place files are what the installed zipcodes gives, and
the web processes read them in place (no zipcodes, no index in memory)."""

import io
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from contacts import geo
from contacts.management.commands import build_place_data


def test_committed_place_files_are_current():
    out = io.StringIO()
    call_command("build_place_data", "--check", stdout=out)  # raises when a file differs
    assert "current" in out.getvalue()


def test_check_reports_a_stale_file(tmp_path, monkeypatch):
    stale = tmp_path / "zip_codes.tsv"
    stale.write_text("00000\tNowhere\tZZ\t\t0\t0\n", encoding="utf-8")
    monkeypatch.setattr(geo, "ZIP_FILE", stale)
    with pytest.raises(CommandError, match="zip_codes.tsv"):
        call_command("build_place_data", "--check", stdout=io.StringIO())
    assert stale.read_text(encoding="utf-8").startswith("00000")  # --check writes nothing
    committed = geo.CITY_FILE.read_bytes()
    monkeypatch.setattr(geo, "CITY_FILE", tmp_path / "cities.tsv")
    call_command("build_place_data", stdout=io.StringIO())
    assert (tmp_path / "cities.tsv").read_bytes() == committed
    assert stale.read_text(encoding="utf-8").startswith("00501\tHoltsville\tNY\t")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cities.tsv", "zip_codes.tsv"]  # no partial file left


def test_files_are_sorted_with_unique_keys():
    for path, fields in ((geo.ZIP_FILE, 1), (geo.CITY_FILE, 2)):
        lines = path.read_text(encoding="utf-8").splitlines()
        keys = ["\t".join(line.split("\t")[:fields]) for line in lines]
        assert lines == sorted(lines) and len(set(keys)) == len(keys), path.name
        assert {len(line.split("\t")) for line in lines} == {6}, path.name


def test_city_place_is_the_mean_of_its_standard_zips():
    entries = [
        {"zip_code": "00001", "zip_code_type": "STANDARD", "city": "Twin", "acceptable_cities": ["Twin Falls"],
         "state": "ID", "county": "A County", "lat": "10.0", "long": "-100.0"},
        {"zip_code": "00002", "zip_code_type": "STANDARD", "city": "Twin", "acceptable_cities": [],
         "state": "ID", "county": "B County", "lat": "12.0", "long": "-102.0"},
        {"zip_code": "00003", "zip_code_type": "PO BOX", "city": "Twin", "acceptable_cities": [],
         "state": "ID", "county": "B County", "lat": "50.0", "long": "-50.0"},
        {"zip_code": "00004", "zip_code_type": "PO BOX", "city": "Box Only", "acceptable_cities": [],
         "state": "ID", "county": "C County", "lat": "1.0", "long": "-1.0"},
        {"zip_code": "00005", "zip_code_type": "STANDARD", "city": "Base", "acceptable_cities": [],
         "state": "AE", "county": "", "lat": "1.0", "long": "-1.0"},  # not a state the locator knows
    ]
    lines = build_place_data.city_lines(entries)
    assert lines == [
        "ID\tbox only\tBox Only\tC County\t1.0\t-1.0\n",
        "ID\ttwin\tTwin\tA County\t11.0\t-101.0\n",  # PO boxes left out; the first county of a tie
        "ID\ttwin falls\tTwin\tA County\t10.0\t-100.0\n",
    ]
    assert build_place_data.zip_lines(entries)[0] == "00001\tTwin\tID\tA County\t10.0\t-100.0\n"


def test_lookups_read_the_files():
    assert geo.zip_place("77060").label == "77060 (Houston, TX)"
    assert geo.zip_place("77060-1234").zip_code == "77060"
    assert geo.zip_place("00000") is None and geo.zip_place("99999") is None
    houston = geo.city_place("  houston ", "TX")
    assert houston.label == "Houston, TX" and houston.county == "Harris County"
    assert 29.7 < houston.latitude < 29.9 and -95.5 < houston.longitude < -95.3
    assert geo.city_place("Houston", "ZZ") is None and geo.city_place("Houstonx", "TX") is None
    assert geo.city_place("AAA", "AK") is None and geo.city_place("zzzz", "WY") is None  # before the first, after the last
    first = geo.ZIP_FILE.read_text(encoding="utf-8").splitlines()[0].split("\t")[0]
    last = geo.ZIP_FILE.read_text(encoding="utf-8").splitlines()[-1].split("\t")[0]
    assert geo.zip_place(first).zip_code == first and geo.zip_place(last).zip_code == last


def test_a_web_process_never_loads_zipcodes_and_stays_small():
    """ZIP and city searches in a fresh process: no zipcodes import, no private memory to speak of
    (the file pages a search touches are the OS page cache's, shared by every process)."""
    code = textwrap.dedent(
        """
        import re, sys
        def kb(field):
            return int(re.search(field + r":\\s+(\\d+)", open("/proc/self/status").read()).group(1))
        import django
        django.setup()
        import iceinfo.urls  # every view and model
        from contacts import geo
        geo.zip_place("77060"); geo.city_place("Austin", "TX")
        private, mapped = kb("RssAnon"), kb("RssFile")
        for zip_code in ("10278", "94111", "60605", "33324", "98168", "00901", "99501"):
            geo.zip_place(zip_code)
        for city, state in (("Houston", "TX"), ("Poughkeepsie", "NY"), ("Erie", "PA"), ("Anchorage", "AK")):
            geo.city_place(city, state)
        print(kb("RssAnon") - private, kb("RssFile") - mapped, "zipcodes" in sys.modules)
        """
    )
    env = {"DJANGO_SETTINGS_MODULE": "iceinfo.settings", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    private_kb, mapped_kb, loaded = done.stdout.split()
    assert loaded == "False"
    assert int(private_kb) < 512, f"{private_kb} KB of private memory for eleven look-ups"
    files_kb = (geo.ZIP_FILE.stat().st_size + geo.CITY_FILE.stat().st_size) // 1024
    assert int(mapped_kb) <= files_kb
