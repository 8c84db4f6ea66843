"""Write the locator's place files, ``contacts/data/zip_codes.tsv`` and ``contacts/data/cities.tsv``,
from the ``zipcodes`` package. Run it after upgrading ``zipcodes``, and commit the result:

    manage.py build_place_data [--check]

The web processes never load ``zipcodes`` (its native look-up keeps about 40 MB per process, its
full list about 140 MB): ``contacts.geo`` binary-searches these sorted files through ``mmap``, so a
look-up reads a few pages of the file, shared by every process through the OS page cache.

Formats (UTF-8, tab-separated, one record a line, sorted by the leading key so the bytes sort too):

- zip_codes.tsv: ``zip  city  state  county  lat  long``, every ZIP code as ``zipcodes`` has it.
- cities.tsv: ``state  city-key  city  county  lat  long``; the key is the city name folded
  (``" ".join(name.split()).casefold()``), for each ZIP's city and its acceptable city names.
  The place is what a city search used to compute from the full list: the mean of the city's
  STANDARD ZIP centroids (all of its ZIPs when it has none), its most common county and spelling.
"""

import os
from collections import Counter, defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from contacts import geo
from contacts.regions import STATES


def _float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _line(*fields):
    return "\t".join(str(field) for field in fields) + "\n"


def zip_lines(entries):
    lines = []
    for entry in entries:
        lat, lon = _float(entry.get("lat")), _float(entry.get("long"))
        if lat is None or lon is None:
            continue
        lines.append(_line(entry["zip_code"], entry["city"], entry["state"], entry.get("county") or "",
                           entry["lat"], entry["long"]))
    return sorted(lines)


def city_lines(entries):
    index = defaultdict(list)  # (state, key) -> entries, in the package's order
    for entry in entries:
        if entry["state"] not in STATES:  # a city search only ever names one of these
            continue
        for name in {entry["city"], *entry.get("acceptable_cities", [])}:
            index[(entry["state"], geo.city_key(name))].append(entry)
    lines = []
    for (state, key), found in index.items():
        standard = [e for e in found if e.get("zip_code_type") == "STANDARD"] or found
        points = [(_float(e["lat"]), _float(e["long"])) for e in standard]
        points = [p for p in points if None not in p]
        if not points:
            continue
        county = Counter(e.get("county") or "" for e in standard).most_common(1)[0][0]
        name = Counter(e["city"] for e in standard).most_common(1)[0][0]
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        lines.append(_line(state, key, name, county, repr(lat), repr(lon)))
    return sorted(lines)


def build():
    """{path: text} of every place file, from the installed ``zipcodes``."""
    import zipcodes  # only here: building the files is the one thing that reads the whole list

    entries = zipcodes.list_all()
    for text in (line for e in entries for line in (e["city"], e.get("county") or "", *e.get("acceptable_cities", []))):
        if "\t" in text or "\n" in text:
            raise CommandError(f"unexpected tab or newline in {text!r}")
    return {geo.ZIP_FILE: "".join(zip_lines(entries)), geo.CITY_FILE: "".join(city_lines(entries))}


class Command(BaseCommand):
    help = "Write contacts/data/*.tsv (ZIP codes and cities for the locator) from the zipcodes package."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only report whether the files are current")

    def handle(self, *args, check=False, **options):
        stale = []
        for path, text in build().items():
            path = Path(path)
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current == text:
                continue
            stale.append(path.name)
            if not check:  # a new file, renamed into place: running processes keep their mapping of the old one
                partial = path.with_suffix(".tmp")
                partial.write_text(text, encoding="utf-8")
                os.replace(partial, path)
                self.stdout.write(f"wrote {path} ({text.count(chr(10))} lines, {len(text.encode()):,} bytes)")
        if check and stale:
            raise CommandError(f"out of date: {', '.join(stale)}; run manage.py build_place_data")
        if not stale:
            self.stdout.write("place files are current")
