"""Which field office serves a place: ZIP code, "City, ST" or a state. No HTTP here.

Rules, for a place in state S and county C:
1. an office whose coverage names county C of S serves it;
2. else an office that covers S with no county (the whole state, or the rest of it);
3. else any office covering S at all.
When several offices qualify (Texas is split between five offices and the source names no
counties), the nearest one wins (haversine distance between ZIP centroids). Every other office
follows, nearest first.

``locate(query, offices)`` takes the visitor's text and the offices (a FieldOffice queryset, read
only when the query makes sense, or ready-made ``Candidate`` rows), and returns a ``Result``: it
never raises on bad input, it says what was wrong. Candidates are light rows (id, coordinates,
coverage) read with two queries, so thousands of offices cost no model instances; the caller turns
the page it shows back into offices.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from . import geo
from .models import Coverage
from .regions import state_code, state_name

MAX_QUERY_LENGTH = 100
_ECHO_LENGTH = 60
_DIGITS_RE = re.compile(r"^[\d\s-]+$")
_CITY_STATE_RE = re.compile(r"^(?P<city>[^,]+?)\s*,\s*(?P<state>[^,]+)$")
_CITY_CODE_RE = re.compile(r"^(?P<city>.+?)\s+(?P<state>[A-Za-z]{2})$")


@dataclass
class Candidate:
    """An office as the locator needs it: id, coordinates and coverage ((state, county), ...)."""

    pk: int
    latitude: float | None
    longitude: float | None
    coverage: tuple = ()
    distance_miles: float | None = None

    @property
    def distance_rounded(self):
        return None if self.distance_miles is None else round(self.distance_miles)


def candidates(offices):
    """Candidates for a FieldOffice queryset: two queries, whatever the number of offices."""
    rows = list(offices.values_list("pk", "latitude", "longitude"))  # in the list's own order
    coverage = defaultdict(list)
    ids = offices.order_by().values("pk")
    for office_id, state, county in Coverage.objects.filter(office_id__in=ids).values_list(
        "office_id", "state", "county"
    ):
        coverage[office_id].append((state, county))
    return [Candidate(pk, lat, lon, tuple(coverage[pk])) for pk, lat, lon in rows]


@dataclass
class Result:
    kind: str  # "zip", "city", "state" or "error"
    query: str = ""
    message: str = ""
    place: geo.Place | None = None
    state: str = ""
    your_office: Candidate | None = None
    offices: list = field(default_factory=list)  # Candidates in order, each with .distance_miles (or None)

    @property
    def is_error(self):
        return self.kind == "error"

    @property
    def others(self):
        return [office for office in self.offices if office is not self.your_office]


def _echo(query):
    text = query if len(query) <= _ECHO_LENGTH else query[: _ECHO_LENGTH - 1] + "…"
    return text


def _error(query, message):
    return Result(kind="error", query=query, message=message)


def _covers(office, state, county=None):
    for row_state, row_county in office.coverage:
        if row_state != state:
            continue
        if county is None:
            return True
        if county == "" and not row_county:
            return True
        if county and row_county and geo.normalize_county(row_county) == county:
            return True
    return False


def _distance(office, place):
    if office.latitude is None or office.longitude is None:
        return None
    return geo.haversine_miles(place.latitude, place.longitude, office.latitude, office.longitude)


def _nearest_first(offices):
    return sorted(offices, key=lambda office: (office.distance_miles is None, office.distance_miles or 0))


def serving_office(place, offices):
    """The office that serves ``place`` among ``offices`` (distances already set), or None."""
    county = geo.normalize_county(place.county)
    rules = ([county] if county else []) + ["", None]  # named county, whole/rest of state, any part
    for rule in rules:
        candidates = [office for office in offices if _covers(office, place.state, rule)]
        if candidates:
            return _nearest_first(candidates)[0]
    return None


def offices_near(place, offices):
    """Result for a place: the serving office first, then every other office nearest first."""
    offices = _as_candidates(offices)
    for office in offices:
        office.distance_miles = _distance(office, place)
    yours = serving_office(place, offices)
    ordered = _nearest_first([office for office in offices if office is not yours])
    if yours is not None:
        ordered.insert(0, yours)
    return yours, ordered


def offices_for_state(code, offices):
    return [office for office in _as_candidates(offices) if _covers(office, code)]


def _as_candidates(offices):
    return candidates(offices) if hasattr(offices, "values_list") else list(offices)


def locate(query, offices):
    """Interpret the visitor's ``query`` and order ``offices`` for it. Never raises on bad input."""
    query = geo.ascii_digits(" ".join(str(query or "").replace("\x00", "").split()))
    if not query:
        return None
    echo = _echo(query)
    if len(query) > MAX_QUERY_LENGTH:
        return _error(
            echo, _("That search is too long. Enter a five-digit ZIP code, or a city and state such as Houston, TX.")
        )
    if _DIGITS_RE.match(query):
        if not geo.ZIP_RE.match(query):
            return _error(echo, _("A ZIP code has five digits, for example 77060. Check the number and try again."))
        place = geo.zip_place(query)
        if place is None:
            return _error(
                echo,
                _("We could not find the ZIP code %(zip)s. Check it and try again, or choose your state.")
                % {"zip": echo},
            )
        yours, ordered = offices_near(place, offices)
        return Result(kind="zip", query=echo, place=place, state=place.state, your_office=yours, offices=ordered)

    code = state_code(query)
    if code:
        return Result(kind="state", query=echo, state=code, offices=offices_for_state(code, offices))

    match = _CITY_STATE_RE.match(query) or _CITY_CODE_RE.match(query)
    if match:
        code = state_code(match.group("state"))
        if code:
            place = geo.city_place(match.group("city"), code)
            if place is None:
                return _error(
                    echo,
                    _("We could not find %(city)s in %(state)s. Check the spelling, or enter a ZIP code.")
                    % {"city": _echo(match.group("city")), "state": state_name(code)},
                )
            yours, ordered = offices_near(place, offices)
            return Result(kind="city", query=echo, place=place, state=code, your_office=yours, offices=ordered)
    return _error(echo, _("Enter a five-digit ZIP code, or a city and state such as Houston, TX."))
