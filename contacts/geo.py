"""Offline geography from the ``zipcodes`` package: ZIP and city look-ups, distances in miles.

No network, no geocoding service: ``zipcodes`` ships the ZIP centroids. The indexes are built once
per process, on first use.
"""

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

import zipcodes

EARTH_RADIUS_MILES = 3958.8
ZIP_RE = re.compile(r"^([0-9]{5})(?:-[0-9]{4})?$")


def ascii_digits(value):
    """Any script's digits as ASCII: "７７０６０" and "٧٧٠٦٠" both become "77060"."""
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in value)
_COUNTY_SUFFIXES = (
    " city and borough",
    " census area",
    " municipality",
    " municipio",
    " borough",
    " county",
    " parish",
)


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


def normalize_county(name):
    """Compare county names loosely: "Kings County" == "kings"; "St. Louis" == "St Louis"."""
    value = " ".join(str(name or "").replace(".", "").split()).casefold()
    for suffix in _COUNTY_SUFFIXES:
        if value.endswith(suffix):
            value = value[: -len(suffix)]
            break
    return value.strip()


def _float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@lru_cache(maxsize=1)
def _city_index():
    """(state, city) -> ZIP entries, built on the first city search (a large, per-process index)."""
    index = defaultdict(list)
    for entry in zipcodes.list_all():
        names = {entry["city"], *entry.get("acceptable_cities", [])}
        for name in names:
            index[(entry["state"], " ".join(name.split()).casefold())].append(entry)
    return dict(index)


def zip_place(value):
    """The Place of a ZIP code ("77060" or "77060-1234"), or None when it is not a known ZIP."""
    match = ZIP_RE.match(ascii_digits(str(value or "").strip()))
    if not match:
        return None
    # zipcodes' native look-up: no per-process copy of the whole ZIP list (about 140 MB of dicts).
    found = zipcodes.matching(match.group(1))
    if not found:
        return None
    entry = found[0]
    lat, lon = _float(entry.get("lat")), _float(entry.get("long"))
    if lat is None or lon is None:
        return None
    return Place(
        label=f"{entry['zip_code']} ({entry['city']}, {entry['state']})",
        state=entry["state"],
        county=entry.get("county") or "",
        latitude=lat,
        longitude=lon,
        zip_code=entry["zip_code"],
    )


def zip_coordinates(value):
    """(latitude, longitude) of a ZIP code's centroid, or (None, None)."""
    place = zip_place(value)
    return (place.latitude, place.longitude) if place else (None, None)


def city_place(city, state):
    """The Place of a city in a state: the mean of its ZIP centroids and its most common county."""
    entries = _city_index().get((state, " ".join(str(city).split()).casefold()))
    if not entries:
        return None
    standard = [e for e in entries if e.get("zip_code_type") == "STANDARD"] or entries
    points = [(_float(e["lat"]), _float(e["long"])) for e in standard]
    points = [p for p in points if None not in p]
    if not points:
        return None
    county = Counter(e.get("county") or "" for e in standard).most_common(1)[0][0]
    name = Counter(e["city"] for e in standard).most_common(1)[0][0]
    return Place(
        label=f"{name}, {state}",
        state=state,
        county=county,
        latitude=sum(p[0] for p in points) / len(points),
        longitude=sum(p[1] for p in points) / len(points),
    )
