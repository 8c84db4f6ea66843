"""Offline geography: ZIP and city look-ups, distances in miles. No network, no geocoding service.

The places come from two sorted files in ``contacts/data/`` that ``manage.py build_place_data``
writes from the ``zipcodes`` package (see that command for the formats). A look-up binary-searches
the file through ``mmap``: no index is built, nothing is loaded per process, and the few pages a
search touches are shared by every process through the OS page cache. ``zipcodes`` itself is never
imported here (its native look-up alone keeps about 40 MB per process).
"""

import math
import mmap
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

EARTH_RADIUS_MILES = 3958.8
ZIP_RE = re.compile(r"^([0-9]{5})(?:-[0-9]{4})?$")
DATA_DIR = Path(__file__).resolve().parent / "data"
ZIP_FILE = DATA_DIR / "zip_codes.tsv"
CITY_FILE = DATA_DIR / "cities.tsv"

_COUNTY_SUFFIXES = (
    " city and borough",
    " census area",
    " municipality",
    " municipio",
    " borough",
    " county",
    " parish",
)


def ascii_digits(value):
    """Any script's digits as ASCII: "７７０６０" and "٧٧٠٦٠" both become "77060"."""
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in value)


@dataclass(frozen=True)
class Place:
    """Where a visitor is: a ZIP code's (or a city's) centroid, state and county."""

    label: str
    state: str
    county: str
    latitude: float
    longitude: float
    zip_code: str = ""


def haversine_miles(lat1, lon1, lat2, lon2):
    """Great-circle distance in miles between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


@lru_cache(maxsize=4096)  # a few thousand county names in all; the locator compares them often
def normalize_county(name):
    """Compare county names loosely: "Kings County" == "kings"; "St. Louis" == "St Louis"."""
    value = " ".join(str(name or "").replace(".", "").split()).casefold()
    for suffix in _COUNTY_SUFFIXES:
        if value.endswith(suffix):
            value = value[: -len(suffix)]
            break
    return value.strip()


def city_key(name):
    """How a city name is compared: spaces collapsed, case folded ("  new  YORK" -> "new york")."""
    return " ".join(str(name).split()).casefold()


@cache
def _mapped(path):
    """The file, mapped read-only once per process (pages are read on demand and shared)."""
    with open(path, "rb") as file:
        return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)


def _find(path, *key):
    """The fields of the line whose leading fields are ``key``, or None: a binary search in place."""
    data = _mapped(path)
    wanted = ("\t".join(key) + "\t").encode("utf-8", "replace")
    lo, hi = 0, len(data)
    while lo < hi:  # the first line whose prefix is >= wanted (lines are sorted, fields hold no tabs)
        mid = (lo + hi) // 2
        start = data.rfind(b"\n", 0, mid) + 1
        end = data.find(b"\n", mid)
        end = len(data) if end < 0 else end
        if data[start : start + len(wanted)] < wanted:
            lo = end + 1
        else:
            hi = start
    if data[lo : lo + len(wanted)] != wanted:
        return None
    end = data.find(b"\n", lo)
    return data[lo : len(data) if end < 0 else end].decode("utf-8").split("\t")


def _float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def zip_place(value):
    """The Place of a ZIP code ("77060" or "77060-1234"), or None when it is not a known ZIP."""
    match = ZIP_RE.match(ascii_digits(str(value or "").strip()))
    if not match:
        return None
    found = _find(ZIP_FILE, match.group(1))
    if not found:
        return None
    zip_code, city, state, county, lat, lon = found
    lat, lon = _float(lat), _float(lon)
    if lat is None or lon is None:
        return None
    return Place(
        label=f"{zip_code} ({city}, {state})",
        state=state,
        county=county,
        latitude=lat,
        longitude=lon,
        zip_code=zip_code,
    )


def zip_coordinates(value):
    """(latitude, longitude) of a ZIP code's centroid, or (None, None)."""
    place = zip_place(value)
    return (place.latitude, place.longitude) if place else (None, None)


def city_place(city, state):
    """The Place of a city in a state: the mean of its ZIP centroids and its most common county."""
    found = _find(CITY_FILE, str(state), city_key(city))
    if not found:
        return None
    state, _key, name, county, lat, lon = found
    lat, lon = _float(lat), _float(lon)
    if lat is None or lon is None:
        return None
    return Place(label=f"{name}, {state}", state=state, county=county, latitude=lat, longitude=lon)
