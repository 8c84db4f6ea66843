"""The locator's rules (no HTTP): ZIP, city and state look-ups over the seeded offices."""

import pytest

from contacts import geo, locator, seed
from contacts.models import Coverage, FieldOffice

_MEMORY = []


def _offices():
    """The 25 seeded offices as locator Candidates, built in memory (no database)."""
    if not _MEMORY:
        records, _extra = seed.office_records()
        areas = seed.area_coverage()
        records = [record for record in records if "zip_code" in record["fields"]]  # not the as-of records
        for pk, record in enumerate(records, 1):
            slug = record["key"]["slug"]
            lat, lon = geo.zip_coordinates(record["fields"]["zip_code"])
            candidate = locator.Candidate(pk, lat, lon, tuple(areas[slug]))
            candidate.slug = slug
            _MEMORY.append(candidate)
    return [locator.Candidate(c.pk, c.latitude, c.longitude, c.coverage) for c in _MEMORY]


def _slug(candidate):
    return _MEMORY[candidate.pk - 1].slug


def _first(query):
    result = locator.locate(query, _offices())
    assert not result.is_error, result.message
    return _slug(result.offices[0])


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("77060", "houston"),  # the Houston office's own ZIP
        ("10278", "new-york-city"),  # 26 Federal Plaza, New York County
        ("11201", "new-york-city"),  # Brooklyn: Kings County
        ("12601", "new-york-city"),  # Poughkeepsie: Dutchess County (the source writes "Duchess")
        ("14202", "buffalo"),  # Erie County: the rest of New York State
        ("12207", "buffalo"),  # Albany
        ("78701", "san-antonio"),  # Austin: Travis County
        ("79901", "el-paso"),
        ("75201", "dallas"),
        ("78501", "harlingen"),  # McAllen
        ("92101", "san-diego"),
        ("92243", "san-diego"),  # El Centro: Imperial County
        ("93101", "los-angeles"),  # Santa Barbara: Central Coast
        ("90012", "los-angeles"),
        ("95814", "san-francisco"),  # Sacramento: Northern California
        ("00901", "miami"),  # San Juan, Puerto Rico
        ("20001", "washington"),
        ("99501", "seattle"),
        ("77060-1234", "houston"),  # ZIP+4
        ("Houston, TX", "houston"),
        ("houston tx", "houston"),
        ("El Paso, Texas", "el-paso"),
        ("Brooklyn, NY", "new-york-city"),
        ("Poughkeepsie, NY", "new-york-city"),  # Dutchess County, by name
        ("Staten Island, NY", "new-york-city"),  # Richmond County
        ("Buffalo, NY", "buffalo"),  # Erie County, NY
        ("Albany NY", "buffalo"),
        ("Erie, PA", "philadelphia"),
        ("79101", "dallas"),  # Amarillo
        ("Amarillo, TX", "dallas"),
        ("Austin, TX", "san-antonio"),
        ("Fort Worth, TX", "dallas"),
        ("Lubbock, TX", "dallas"),  # Lubbock County is in Dallas's area
        ("Laredo, TX", "harlingen"),
        ("San Juan, PR", "miami"),
        ("Anchorage, AK", "seattle"),
        # Issue 17: ICE's areas of responsibility decide, county by county, where a state is split.
        ("76701", "houston"),  # Waco: McLennan County (nearer to Dallas)
        ("77901", "houston"),  # Victoria
        ("78102", "houston"),  # Beeville: Bee County (nearer to San Antonio)
        ("76943", "dallas"),  # Ozona: Crockett County (nearer to San Antonio)
        ("93721", "san-francisco"),  # Fresno
        ("93301", "san-francisco"),  # Bakersfield: Kern County
        ("12601", "new-york-city"),  # Poughkeepsie: Dutchess County
        ("92243", "san-diego"),
        ("92501", "los-angeles"),  # Riverside
        ("79701", "el-paso"),  # Midland
        ("78040", "harlingen"),  # Laredo: Webb County
    ],
)
def test_place_finds_its_office_first(query, slug):
    assert _first(query) == slug


def test_zip_result_orders_the_others_by_distance():
    result = locator.locate("77060", _offices())
    assert result.kind == "zip"
    assert _slug(result.your_office) == "houston"
    assert result.your_office.distance_rounded == 0
    distances = [office.distance_miles for office in result.others]
    assert distances == sorted(distances)
    assert len(result.offices) == 25


def test_state_lists_the_offices_covering_it():
    result = locator.locate("TX", _offices())
    assert result.kind == "state"
    assert {_slug(o) for o in result.offices} == {"dallas", "el-paso", "harlingen", "houston", "san-antonio"}
    assert {_slug(o) for o in locator.locate("texas", _offices()).offices} == {_slug(o) for o in result.offices}


@pytest.mark.parametrize(
    "query",
    [
        "99999",
        "abcde",
        "12345678901234567890",
        "1234",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "Atlantis, ZZ",
        "Nowhere, TX",
        "x" * 5000,
        "\x00",
        "7706O",
    ],
)
def test_bad_input_gives_a_message_not_an_exception(query):
    result = locator.locate(query, _offices())
    if result is None:  # only input that is blank once cleaned
        assert not query.replace("\x00", "").strip()
        return
    assert result.is_error
    assert result.message
    assert len(result.query) <= 60


def test_county_names_compare_loosely():
    assert geo.normalize_county("Kings County") == geo.normalize_county("kings")
    assert geo.normalize_county("St. Louis County") == geo.normalize_county("St Louis")
    assert geo.normalize_county("Orleans Parish") == "orleans"


def test_haversine_new_york_to_houston():
    miles = geo.haversine_miles(40.7152, -74.0038, 29.9335, -95.3981)
    assert 1400 < miles < 1430


def test_named_county_beats_nearer_statewide_office(db):
    near = FieldOffice.objects.create(name="Near", slug="near", zip_code="10278", status="published")
    far = FieldOffice.objects.create(name="Far", slug="far", zip_code="14202", status="published")
    Coverage.objects.create(office=near, state="NY")
    Coverage.objects.create(office=far, state="NY", county="New York")
    result = locator.locate("10278", FieldOffice.objects.all())
    assert result.your_office.pk == far.pk


def test_coordinates_follow_the_zip_code(db):
    office = FieldOffice.objects.create(name="X", slug="x", zip_code="77060")
    assert round(office.latitude, 2) == 29.93
    office.zip_code = "00000"
    office.save()
    assert office.latitude is None and office.longitude is None


def test_seeded_offices_match_the_memory_copy(seeded_offices):
    result = locator.locate("10278", FieldOffice.objects.published())
    slugs = dict(FieldOffice.objects.values_list("pk", "slug"))
    assert slugs[result.your_office.pk] == "new-york-city"
    in_order = [result.your_office, *result.others]
    assert [slugs[o.pk] for o in in_order] == [_slug(o) for o in locator.locate("10278", _offices()).offices]


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["７７０６０", "٧٧٠٦٠", "۷۷۰۶۰"])
def test_zip_in_other_scripts_digits(typed):
    from contacts import geo

    place = geo.zip_place(typed)
    assert place is not None and place.zip_code == "77060" and place.state == "TX"


def _reference(query):
    """The rules on their own: every live office as a Candidate with all its coverage, in Python."""
    offices = FieldOffice.objects.published()
    coverage = {}
    for office_id, state, county in Coverage.objects.values_list("office_id", "state", "county"):
        coverage.setdefault(office_id, []).append((state, county))
    rows = offices.values_list("pk", "latitude", "longitude")
    return locator.locate(query, [locator.Candidate(pk, lat, lon, tuple(coverage.get(pk, ()))) for pk, lat, lon in rows])


@pytest.mark.django_db
def test_the_database_orders_as_the_rules_do(seeded_offices):
    """Serving office from one state's coverage and the others ordered in SQL, page by page: the
    same offices in the same order, with the same distances, as the rules applied to every office."""
    import io

    from django.core.management import call_command

    call_command("generate_content", "--offices", "300", "--pages", "0", "--leaders", "0", "--news", "0",
                 stdout=io.StringIO())
    FieldOffice.objects.filter(slug="gen-office-7").update(latitude=None, longitude=None)  # sorts last
    for query in ["77060", "10278", "12601", "99501", "00901", "96910", "Houston, TX", "Erie, PA", "Saipan, MP"]:
        result = locator.locate(query, FieldOffice.objects.published())
        expected = _reference(query)
        assert (result.your_office and result.your_office.pk) == (expected.your_office and expected.your_office.pk)
        others = result.others
        assert len(others) == len(expected.others) == FieldOffice.objects.published().count() - 1
        pages = [others[start : start + 25] for start in range(0, len(others), 25)]
        got = [office for page in pages for office in page]
        assert [o.pk for o in got] == [o.pk for o in expected.others], query
        assert [o.distance_miles for o in got] == [o.distance_miles for o in expected.others], query
        assert got[-1].slug == "gen-office-7" and got[-1].distance_miles is None
        assert others.skipped is not None and others.skipped.pk == expected.your_office.pk
        assert others.skipped.distance_miles == expected.your_office.distance_miles


@pytest.mark.django_db
def test_nearest_order_matches_the_distances(seeded_offices):
    """The order the database computes is the order of geo.haversine_miles (on real ZIP centroids); the
    serving office is left out of the others, and a page is a slice of the same order."""
    result = locator.locate("10278", FieldOffice.objects.published())
    first_page = result.others[0:10]
    assert result.others.skipped.pk == result.your_office.pk
    every = list(result.others)
    assert len(every) == FieldOffice.objects.published().count() - 1 >= 20
    assert result.your_office.pk not in [office.pk for office in every]
    origin = geo.zip_coordinates("10278")
    for office in every:
        assert office.distance_miles == pytest.approx(
            geo.haversine_miles(origin[0], origin[1], office.latitude, office.longitude), abs=0.5
        ), office.slug
    distances = [office.distance_miles for office in every]
    assert distances == sorted(distances)
    assert [o.pk for o in first_page] == [o.pk for o in every[:10]]


@pytest.mark.django_db
def test_offices_at_the_same_place_keep_the_list_order(seeded_offices):
    from .factories import bulk_offices

    bulk_offices(60, lat=29.9335, lon=-95.3981)  # a grid; several offices share coordinates with none
    FieldOffice.objects.filter(slug__startswith="bulk-").update(latitude=29.9335, longitude=-95.3981)
    result = locator.locate("77060", FieldOffice.objects.published())
    expected = _reference("77060")
    assert [o.pk for o in result.others] == [o.pk for o in expected.others]


@pytest.mark.django_db
def test_state_search_and_filters_stay_in_sql(seeded_offices):
    offices = FieldOffice.objects.published()
    result = locator.locate("Texas", offices)
    assert result.kind == "state"
    assert hasattr(result.offices, "query")  # a queryset: paginated by the database
    assert sorted(result.offices.values_list("slug", flat=True)) == [
        "dallas", "el-paso", "harlingen", "houston", "san-antonio"
    ]
    in_texas = locator.offices_for_state("TX", offices)
    result = locator.locate("10278", in_texas)  # New York, but only Texas offices: none serves it
    assert result.your_office is None
    assert [o.slug for o in result.others][:2] == ["dallas", "houston"]  # nearest to New York first


def test_no_office_for_american_samoa_is_said_not_guessed():
    result = locator.locate("96799", _offices())  # Pago Pago
    assert result.your_office is None
    assert result.no_office_reason == locator.NOT_COVERED
    assert len(result.offices) == 25  # the nearest offices still follow, for "other offices nearby"


def test_unknown_county_in_a_split_state_is_said_not_guessed():
    result = locator.locate("75059", _offices())  # Irving, TX: the ZIP data gives no county
    assert result.your_office is None
    assert result.no_office_reason == locator.COUNTY_UNKNOWN
    distances = [office.distance_miles for office in result.offices]
    assert distances == sorted(distances)


def test_a_state_no_county_splits_still_goes_to_the_nearest_office_covering_it():
    # Two offices covering a whole state between them with no county named: the nearest serves.
    near = locator.Candidate(1, 29.93, -95.4, (("TX", ""),))
    far = locator.Candidate(2, 32.8, -96.9, (("TX", ""),))
    result = locator.locate("77060", [far, near])
    assert result.your_office is near and result.no_office_reason == ""


@pytest.mark.django_db
def test_rows_kept_in_the_process_are_ordered_as_the_database_orders_them(seeded_offices):
    """``NearestOffices`` given every office's listing values (what the list keeps with the frame, for a
    list up to IN_PROCESS_LIMIT long) counts, orders and pages them as its SQL does: the same offices,
    ties in the list order, offices without coordinates last, the serving office left out."""
    import io

    from django.core.management import call_command

    from .factories import bulk_offices

    call_command("generate_content", "--offices", "300", "--pages", "0", "--leaders", "0", "--news", "0",
                 stdout=io.StringIO())
    FieldOffice.objects.filter(slug__in=["gen-office-7", "gen-office-8"]).update(latitude=None, longitude=None)
    bulk_offices(40)
    FieldOffice.objects.filter(slug__startswith="bulk-").update(latitude=29.9335, longitude=-95.3981)  # ties
    offices = FieldOffice.objects.published()
    assert offices.count() <= locator.NearestOffices.IN_PROCESS_LIMIT
    for query in ["77060", "10278", "99501", "00901", "96910", "Houston, TX", "Erie, PA"]:
        result = locator.locate(query, offices)
        in_sql = result.others
        kept = locator.NearestOffices(offices, result.place, skip=result.your_office, rows=in_sql.every_row())
        assert kept.count() == in_sql.count() == offices.count() - (result.your_office is not None)
        # Windows that end inside the 40 tied offices near 77060, and one that takes every office.
        for start, size in ((0, 1), (0, 10), (3, 7), (10, 10), (25, 10), (0, 45), (in_sql.count() - 5, 10),
                            (0, in_sql.count())):
            got, expected = kept[start : start + size], in_sql[start : start + size]
            assert [(o.pk, o.slug, o.distance_miles) for o in got] == [
                (o.pk, o.slug, o.distance_miles) for o in expected
            ], (query, start)
        assert kept.skipped.pk == in_sql.skipped.pk
        assert [o.slug for o in kept[kept.count() - 2 : kept.count()]] == ["gen-office-7", "gen-office-8"]


def test_kept_rows_walk_gives_the_nearest_as_a_whole_sort_would():
    """The walk out from the place's latitude (``_rows_nearest_first``) stops early, yet gives what
    sorting every row by (haversine term, position in the tie order) gives, rows without coordinates
    last: for places in the middle, at the edges and beyond the rows' latitudes, with ties (offices at
    the same point), the serving office left out, and windows of every kind."""
    import math
    import random

    chooser = random.Random(20)
    points = [(chooser.uniform(18, 64), chooser.uniform(-160, -65)) for _ in range(400)]
    rows = []
    for pk in range(1, 3001):
        if pk % 97 == 0:
            latitude, longitude = None, None if pk % 2 else -95.0  # no coordinates (or half of them)
        else:
            latitude, longitude = chooser.choice(points)  # many offices share a point: ties
        rows.append((pk, f"office-{pk}", latitude, longitude))
    kept = locator.KeptRows(rows)

    def reference(place, skip):
        rad, lat = math.pi / 180, math.radians(place.latitude)

        def key(item):
            position, row = item
            if row[2] is None or row[3] is None:
                return (True, 0.0, position)
            return (False, math.sin((row[2] * rad - lat) / 2.0) ** 2.0 + math.cos(lat) * math.cos(row[2] * rad)
                    * math.sin((row[3] - place.longitude) * rad / 2.0) ** 2.0, position)

        return [row[0] for _position, row in sorted(enumerate(rows), key=key) if row[0] != skip]

    for latitude, longitude in [points[0], points[1], (29.9, -95.4), (10.0, -70.0), (70.0, -150.0), (64.0, -65.0)]:
        place = geo.Place("here", "TX", "", latitude, longitude)
        for skip in (None, rows[5][0], 97):  # 97 has no coordinates
            nearest = locator.NearestOffices(None, place, skip=locator.Candidate(skip, 0, 0) if skip else None,
                                             rows=kept)
            expected = reference(place, skip)
            assert nearest.count() == len(expected)
            for start, size in ((0, 1), (0, 10), (5, 20), (100, 25), (0, 500), (len(expected) - 40, 60),
                                (0, len(expected))):
                assert [c.pk for c in nearest[start : start + size]] == expected[start : start + size], (
                    latitude, longitude, skip, start, size)
