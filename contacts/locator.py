"""Which field office serves a place: ZIP code, "City, ST" or a state. No HTTP here.

Rules, for a place in state S and county C:
1. an office whose coverage names county C of S serves it;
2. else an office that covers S with no county (the whole state, or the rest of it);
3. else, where no office's coverage names a county of S, any office covering S at all.
When several offices qualify, the nearest one wins (haversine distance between ZIP centroids).
Every other office follows, nearest first. No office serves the place when no office covers S
(American Samoa), or when S is split by county and the place's county is unknown or listed for
no office: the result says which (``Result.no_office_reason``) rather than guess.

``locate(query, offices)`` takes the visitor's text and the offices, and returns a ``Result``: it
never raises on bad input, it says what was wrong. ``offices`` is either a FieldOffice queryset
(the site) or a list of ready-made ``Candidate`` rows (the rules on their own, in tests).

With a queryset, nothing walks every office in Python, and the number of queries does not grow
with the number of offices:
- the serving office is chosen among the offices covering the place's state (one query on the
  indexed coverage state; a state has tens of offices at most);
- the others come as ``NearestOffices``, a sequence the paginator slices: the database orders
  every office by its haversine term and returns one page (one query; the count is another).

A list reads only ``LISTING`` of each office (the columns of the ``fieldoffice_listing`` index),
as ``Candidate`` rows: the cards' text is rendered once per content version (``contacts.views``).

Nothing here keeps anything between calls: a caller that keeps what was read (the list keeps a
state's coverage rows and the counts per content version, through ``iceinfo.serving.cache``) reads
it with ``coverage_rows`` and hands it back to ``ordered_for``.
"""

import bisect
import heapq
import math
import re
from dataclasses import dataclass, field, replace

from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from . import geo
from .models import Coverage
from .regions import state_code, state_name

MAX_QUERY_LENGTH = 100
_ECHO_LENGTH = 60
_DIGITS_RE = re.compile(r"^[\d\s-]+$")
_CITY_STATE_RE = re.compile(r"^(?P<city>[^,]+?)\s*,\s*(?P<state>[^,]+)$")
_CITY_CODE_RE = re.compile(r"^(?P<city>.+?)\s+(?P<state>[A-Za-z]{2})$")


LISTING = ("pk", "slug", "latitude", "longitude")  # what a list reads of an office: in the listing index


@dataclass
class Candidate:
    """An office as the locator and the list need it: id, coordinates, coverage ((state, county),
    ...) for the rules, slug for the list."""

    pk: int
    latitude: float | None
    longitude: float | None
    coverage: tuple = ()
    distance_miles: float | None = None
    distance_rounded: int | None = None
    slug: str = ""


def listing(offices):
    """``offices`` (a FieldOffice queryset) as the list reads them: ``LISTING`` values, no rows."""
    return offices.rewrite(False).values_list(*LISTING)  # no translated field: plain tuples


def listed(rows):
    """Candidates from ``listing()`` tuples."""
    return [Candidate(pk, latitude, longitude, slug=slug) for pk, slug, latitude, longitude in rows]


def set_distance(office, place):
    """Give ``office`` (a Candidate or a FieldOffice) its distance from ``place``, in miles, or None."""
    if office.latitude is None or office.longitude is None:
        office.distance_miles = None
    else:
        office.distance_miles = geo.haversine_miles(place.latitude, place.longitude, office.latitude, office.longitude)
    office.distance_rounded = None if office.distance_miles is None else round(office.distance_miles)
    return office


def coverage_rows(offices, state):
    """(pk, latitude, longitude, slug, county) of the offices of a queryset that cover ``state``, one
    row per coverage row of that state, in the list's order: one query, led by the coverage state
    index. ``offices`` must not already be filtered through coverage (``offices_for_state`` filters
    by subquery), so that the county read is the one of the row that matched. Plain tuples: a
    caller may keep them for the next search in the same state."""
    return list(
        offices.rewrite(False)  # no translated field: Django's own rows, not modeltranslation's per-row dicts
        .filter(coverage__state=state)
        .order_by("order", "slug", "coverage__county")
        .values_list("pk", "latitude", "longitude", "slug", "coverage__county")
    )


def state_candidates(offices, state, rows=None):
    """Candidates for the offices of a queryset that cover ``state`` (with that state's coverage
    only, which is all the rules read), from ``rows`` (``coverage_rows(offices, state)``, read now
    when not given). The Candidates are new for each call."""
    if rows is None:
        rows = coverage_rows(offices, state)
    found, coverage = {}, {}
    for office_id, lat, lon, slug, county in rows:
        if office_id not in found:
            found[office_id], coverage[office_id] = Candidate(office_id, lat, lon, slug=slug), []
        coverage[office_id].append((state, county))
    for office_id, candidate in found.items():
        candidate.coverage = tuple(coverage[office_id])
    return list(found.values())


class KeptRows:
    """Every office's ``listing()`` tuples in the tie order (``rows``), as a list keeps them with its
    frame, with what a search near a place walks: the offices with coordinates sorted by latitude, in
    radians (``latitudes``, and ``located``: (position in ``rows``, row) at the same index), and the
    offices without (``unlocated``, in the tie order). Shared by the requests: never changed."""

    __slots__ = ("rows", "latitudes", "located", "unlocated")

    def __init__(self, rows):
        rad = math.pi / 180
        located = sorted(
            (row[2] * rad, position, row)
            for position, row in enumerate(rows) if row[2] is not None and row[3] is not None
        )  # (latitude, position) are unique: rows are never compared
        self.rows = rows
        self.latitudes = [latitude for latitude, _position, _row in located]
        self.located = [(position, row) for _latitude, position, row in located]
        self.unlocated = [row for row in rows if row[2] is None or row[3] is None]

    def __len__(self):
        return len(self.rows)


class NearestOffices:
    """Every office of a queryset, nearest to ``place`` first, except ``skip`` (the serving office).

    Sliced by the paginator: ``count()`` is one COUNT query and each slice one query, which gives
    ``Candidate`` rows (``LISTING`` only). The database orders the offices by the haversine term
    ``a`` (distance = 2R asin(sqrt(a)), so the order is the distances' order; offices without
    coordinates last; then the list's own order), reading the ``fieldoffice_listing`` index alone.
    The skipped office (a Candidate of the serving-office rules) is left out by the query, and is
    ``.skipped`` once a slice starting at 0 was taken: the first page shows it apart.
    Given ``rows`` (every office, read once by ``every_row`` and kept by the caller), it counts and
    orders them in the process instead, the same way: no query. A page near the start reads only the
    offices close enough in latitude to be among the nearest (``_rows_nearest_first``).
    """

    # geo.haversine_miles' ``a``, operation for operation (math.radians(x) is x * (pi / 180), the
    # constant below, so degrees become radians without a function call per row); it names
    # columns only FieldOffice has.
    HAVERSINE_SQL = (
        "POWER(SIN((latitude * {rad} - %s) / 2.0), 2.0)"
        " + %s * COS(latitude * {rad}) * POWER(SIN((longitude - %s) * {rad} / 2.0), 2.0)"
    ).format(rad=repr(math.pi / 180))
    TIE_ORDER = ("order", "slug")  # how rows at the same distance are ordered (columns of the listing index)
    # A list this long or shorter may be ordered in the process instead, from its rows read once and
    # kept (``every_row``, then ``rows``): the same order, no query; a longer one is the database's work.
    # Kept rows cost ~400 bytes an office (``KeptRows``), and a process keeps a bounded number of lists.
    IN_PROCESS_LIMIT = 2500

    def __init__(self, offices, place, skip=None, rows=None):
        self.offices, self.place, self.skip = offices, place, skip
        self.rows = rows  # every office of ``offices`` as ``every_row()`` read them (kept by the caller), or None
        self.skipped = None
        self._count = None

    def _nearest_first(self, offices):
        lat = math.radians(self.place.latitude)
        haversine = RawSQL(self.HAVERSINE_SQL, (lat, math.cos(lat), self.place.longitude))
        return offices.order_by(haversine.asc(nulls_last=True), *self.TIE_ORDER)

    def every_row(self):
        """``KeptRows`` of every office of ``offices`` (``listing()`` tuples in the tie order): what
        ``rows`` takes."""
        return KeptRows(list(listing(self.offices.order_by(*self.TIE_ORDER))))

    def _rows_nearest_first(self, stop):
        """The first ``stop`` of ``rows`` (a ``KeptRows``) in the database's order: by HAVERSINE_SQL's
        term, worked out operation for operation, then by position in the tie order; rows without
        coordinates last, in the tie order.

        The term is sin²(Δlatitude / 2) plus a part that is never negative, so a row whose
        sin²(Δlatitude / 2) alone is above the whole term of the ``stop``-th nearest found so far
        cannot come before it, nor can any row farther in latitude. The walk goes out from the place's
        latitude on both sides, nearest latitude first, and stops at the first such row (with a margin
        far above rounding). Near the start of a list it reads tens of rows, not thousands."""
        rad, lat = math.pi / 180, math.radians(self.place.latitude)
        cos_lat, longitude = math.cos(lat), self.place.longitude
        skip = self.skip.pk if self.skip is not None else None
        latitudes, located = self.rows.latitudes, self.rows.located
        best = []  # the nearest ``stop`` so far: a heap of (-term, -position, row), the farthest on top
        below = bisect.bisect_left(latitudes, lat) - 1
        above = below + 1
        while below >= 0 or above < len(latitudes):
            if above < len(latitudes) and (below < 0 or latitudes[above] - lat <= lat - latitudes[below]):
                index, above = above, above + 1
            else:
                index, below = below, below - 1
            row_latitude = latitudes[index]
            first = math.sin((row_latitude - lat) / 2.0) ** 2.0
            if len(best) == stop and first > -best[0][0] * (1 + 1e-9):
                break  # every row left differs more in latitude: none is nearer than the ``stop`` found
            position, row = located[index]
            if row[0] == skip:
                continue
            term = first + cos_lat * math.cos(row_latitude) * math.sin((row[3] - longitude) * rad / 2.0) ** 2.0
            item = (-term, -position, row)
            if len(best) < stop:
                heapq.heappush(best, item)
            elif item > best[0]:
                heapq.heapreplace(best, item)
        ordered = [row for _term, _position, row in sorted(best, reverse=True)]
        if len(ordered) < stop:
            ordered += [row for row in self.rows.unlocated if row[0] != skip][: stop - len(ordered)]
        return ordered

    def count(self):
        if self._count is None:  # every office but the skipped one, which is among them
            total = len(self.rows) if self.rows is not None else self.offices.count()
            self._count = total - (self.skip is not None)
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        if not isinstance(window, slice) or window.step not in (None, 1):
            raise TypeError("NearestOffices takes slices, as a paginator asks")
        start, stop = window.start or 0, window.stop if window.stop is not None else self.count()
        if self.skip is not None and start == 0:
            self.skipped = set_distance(replace(self.skip), self.place)
        if stop <= start:
            return []
        if self.rows is not None:
            rows = self._rows_nearest_first(stop)[start:stop]
        else:
            offices = self.offices if self.skip is None else self.offices.exclude(pk=self.skip.pk)
            rows = listing(self._nearest_first(offices))[start:stop]
        return [set_distance(office, self.place) for office in listed(rows)]

    def __iter__(self):
        return iter(self[0 : self.count()])


@dataclass
class Result:
    kind: str  # "zip", "city", "state" or "error"
    query: str = ""
    message: str = ""
    place: geo.Place | None = None
    state: str = ""
    your_office: Candidate | None = None
    # A list of Candidates (nearest first, serving office first) when given Candidates; for a
    # queryset: the offices of the state (kind "state") or NearestOffices without the serving office.
    offices: list = field(default_factory=list)
    # Why no office serves the place (kind "zip" or "city"): NOT_COVERED or COUNTY_UNKNOWN, else "".
    no_office_reason: str = ""

    @property
    def is_error(self):
        return self.kind == "error"

    @property
    def others(self):
        if isinstance(self.offices, NearestOffices):
            return self.offices
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


def _nearest_first(offices):
    return sorted(offices, key=lambda office: (office.distance_miles is None, office.distance_miles or 0))


NOT_COVERED = "not-covered"  # no office covers the place's state or territory
COUNTY_UNKNOWN = "county-unknown"  # the state is split by county, and the place's county decides nothing


def _split_by_county(offices, state):
    return any(row_state == state and row_county for office in offices for row_state, row_county in office.coverage)


def no_office_reason(place, offices):
    """Why ``serving_office`` found no office for ``place`` among ``offices`` ("" when it did)."""
    if serving_office(place, offices) is not None:
        return ""
    if not any(_covers(office, place.state) for office in offices):
        return NOT_COVERED
    return COUNTY_UNKNOWN


def serving_office(place, offices):
    """The office that serves ``place`` among ``offices``, or None (distances are set on the
    offices the last rule compared)."""
    county = geo.normalize_county(place.county)
    rules = [county] if county else []  # named county
    rules.append("")  # whole state, or the rest of it
    if not _split_by_county(offices, place.state):
        rules.append(None)  # any part of a state no coverage splits by county
    for rule in rules:
        candidates = [office for office in offices if _covers(office, place.state, rule)]
        if candidates:
            return _nearest_first([set_distance(office, place) for office in candidates])[0]
    return None


def _offices_near(place, offices, rows=None):
    """(serving office or None, offices in order, why none serves): for a queryset, ``NearestOffices``
    without the serving office; for a list of Candidates, all of them, the serving office first."""
    if _is_queryset(offices):
        candidates = state_candidates(offices, place.state, rows)
        yours = serving_office(place, candidates)
        reason = no_office_reason(place, candidates) if yours is None else ""
        return yours, NearestOffices(offices, place, skip=yours), reason
    offices = [set_distance(office, place) for office in offices]
    yours = serving_office(place, offices)
    reason = no_office_reason(place, offices) if yours is None else ""
    ordered = _nearest_first([office for office in offices if office is not yours])
    if yours is not None:
        ordered.insert(0, yours)
    return yours, ordered, reason


def offices_for_state(code, offices):
    if _is_queryset(offices):
        return offices.filter(pk__in=Coverage.objects.filter(state=code).values("office_id"))
    return [office for office in offices if _covers(office, code)]


def _is_queryset(offices):
    return hasattr(offices, "values_list")


def find_place(query):
    """What the visitor's ``query`` names, without any office: a ``Result`` of kind "zip" or "city"
    (with its place), "state" (with its code) or "error" (with the message), or None for an empty
    query. Never raises on bad input. The detention facility directory searches with it too."""
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
        return Result(kind="zip", query=echo, place=place, state=place.state)

    code = state_code(query)
    if code:
        return Result(kind="state", query=echo, state=code)

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
            return Result(kind="city", query=echo, place=place, state=code)
    return _error(echo, _("Enter a five-digit ZIP code, or a city and state such as Houston, TX."))


def locate(query, offices):
    """Interpret the visitor's ``query`` and order ``offices`` for it. Never raises on bad input."""
    return ordered_for(find_place(query), offices)


def ordered_for(found, offices, coverage=None):
    """``found`` (what ``find_place`` said, or None) with ``offices`` ordered for it: the offices of
    the state, or the serving office and the others nearest first.

    ``coverage``: for a ZIP or city and a queryset, the rows ``coverage_rows(offices, found.state)``
    gives, when the caller kept them from an earlier search (read here when not given)."""
    if found is None or found.is_error:
        return found
    if found.kind == "state":
        return replace(found, offices=offices_for_state(found.state, offices))
    yours, ordered, reason = _offices_near(found.place, offices, coverage)
    return replace(found, your_office=yours, offices=ordered, no_office_reason=reason)
