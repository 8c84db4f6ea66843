"""The detention facility directory and a facility's page, through the test client."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from contacts.models import FieldOffice
from facilities.models import DetentionFacility, FacilityType
from facilities.views import NearestFacilities
from iceinfo.models import Status
from tests.queries import version_read

LIST = "/detention-facilities/"


def _names(response):
    return re.findall(r'class="usa-collection__heading"><a[^>]*>([^<]+)</a>', response.content.decode())


def _hrefs(response):
    return re.findall(r'class="usa-collection__heading"><a class="usa-link" href="([^"]+)"', response.content.decode())


def test_urls_are_translated():
    with translation.override("en"):
        assert reverse("facilities:facility_list") == LIST
        assert reverse("facilities:facility_detail", kwargs={"slug": "x"}) == "/detention-facilities/x/"
    with translation.override("es"):
        assert reverse("facilities:facility_list") == "/es/centros-de-detencion/"
    with translation.override("ar"):
        assert reverse("facilities:facility_list") == "/ar/detention-facilities/"


@pytest.mark.parametrize(
    ("zip_code", "first"),
    [
        ("98421", "/detention-facilities/northwest-ice-processsing-center/"),  # ICE's spelling, typo kept
        ("78580", "/detention-facilities/el-valle-detention-facility/"),
        ("77032", "/detention-facilities/houston-contract-detention-facility/"),
        ("85132", "/detention-facilities/florence-service-processing-center/"),
    ],
)
def test_zip_search_lists_the_nearest_facility_first(seeded_facilities, client, zip_code, first):
    response = client.get(LIST, {"zip": zip_code})
    assert response.status_code == 200
    assert _hrefs(response)[0] == first
    assert "About" in response.content.decode() or "Less than 1 mile away" in response.content.decode()


def test_zip_search_in_spanish_and_arabic(seeded_facilities, client):
    response = client.get("/es/centros-de-detencion/", {"zip": "98421"})
    assert response.status_code == 200
    assert _hrefs(response)[0] == "/es/centros-de-detencion/northwest-ice-processsing-center/"
    html = response.content.decode()
    assert 'lang="en">Northwest ICE Processsing Center</a>' in html  # ICE's English name, marked
    response = client.get("/ar/detention-facilities/", {"q": "Tacoma, WA"})
    assert response.status_code == 200
    assert _hrefs(response)[0] == "/ar/detention-facilities/northwest-ice-processsing-center/"


def test_list_shows_every_facility_over_pages(seeded_facilities, client):
    response = client.get(LIST)
    assert response.status_code == 200
    assert "203 facilities." in response.content.decode()
    seen = []
    for page in range(1, 10):
        seen += _hrefs(client.get(LIST, {"page": page}))
    assert len(seen) == len(set(seen)) == 203


def test_filters(seeded_facilities, client):
    html = client.get(LIST, {"state": "WA"}).content.decode()
    assert "Northwest ICE Processsing Center" in html
    assert "Florence Service Processing Center" not in html
    response = client.get(LIST, {"office": "seattle"})
    names = _names(response)
    assert names and all(
        DetentionFacility.objects.get(name=name).field_office.slug == "seattle" for name in names
    )
    response = client.get(LIST, {"type": "usms-iga", "state": "TX"})
    assert response.status_code == 200
    assert all(DetentionFacility.objects.get(name=n).facility_type.code == "USMS IGA" for n in _names(response))
    assert _names(response)
    # A state name typed in the search box filters by state too.
    assert "Florence Service Processing Center" in client.get(LIST, {"q": "Arizona"}).content.decode()


@pytest.mark.parametrize("query", [{"state": "ZZ"}, {"office": "nowhere"}, {"type": "<b>"}])
def test_unknown_filter_values_are_a_400_with_the_full_list(seeded_facilities, client, query):
    response = client.get(LIST, query)
    assert response.status_code == 400
    assert "203 facilities." in response.content.decode()
    assert "<b>" not in response.content.decode()


@pytest.mark.parametrize("query", ["99999", "1234", "Nowhere, ZZ", "x" * 500, "<script>alert(1)</script>"])
def test_bad_searches_say_what_is_wrong(seeded_facilities, client, query):
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="usa-alert usa-alert--error"' in html
    assert "<script>alert(1)" not in html


def test_facility_page(seeded_facilities, client):
    response = client.get("/detention-facilities/northwest-ice-processsing-center/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Northwest ICE Processsing Center</h1>" in html
    assert 'href="/contact/field-offices/seattle/"' in html and "Seattle Field Office" in html
    assert "(206) 277-2000" in html  # the office's phone
    assert "Contract detention facility" in html  # CDF explained
    assert "1623 E. J Street" in html and "https://www.openstreetmap.org/search?" in html
    assert 'href="https://www.ice.gov/detain/detention-facilities/northwest-ice-processing-center-nwipc"' in html
    assert "Facts as of:" in html and 'datetime="2026-04-02"' in html
    assert "https://github.com/CarwilB/ice-detention/blob/" in html  # the source
    assert "<iframe" not in html


def test_facility_page_in_spanish_and_arabic(seeded_facilities, client):
    response = client.get("/es/centros-de-detencion/florence-service-processing-center/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/es/contactenos/oficinas-de-campo/phoenix/"' in html
    assert "El gobierno federal es dueño de este centro." in html
    assert '<h1 lang="en">Florence Service Processing Center</h1>' in html
    response = client.get("/ar/detention-facilities/florence-service-processing-center/")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_undefined_type_says_so(seeded_facilities, client):
    html = client.get("/detention-facilities/miami-staging-facility/").content.decode()
    assert "do not explain it" in html
    assert "ICE has not published a street address for this facility." in html


def test_draft_facility_is_not_shown(seeded_facilities, client):
    DetentionFacility.objects.filter(slug="el-valle-detention-facility").update(status=Status.DRAFT)
    assert client.get("/detention-facilities/el-valle-detention-facility/").status_code == 404
    assert "El Valle" not in client.get(LIST, {"zip": "78580"}).content.decode()


def test_an_edit_shows_on_a_list_already_shown(seeded_facilities, client):
    """Cards, counts and the form's choices are kept until the next content edit, never longer."""
    query = {"zip": "78580"}
    assert "El Valle Detention Facility" in _names(client.get(LIST, query))
    facility = DetentionFacility.objects.get(slug="el-valle-detention-facility")
    facility.name = "El Valle Processing Center"
    facility.save()  # an edit moves the content version: the next request reads the rows again
    response = client.get(LIST, query)
    assert "El Valle Processing Center" in _names(response)
    assert "El Valle Detention Facility" not in response.content.decode()
    FieldOffice.objects.get(slug="harlingen").delete()
    html = client.get(LIST, query).content.decode()
    card = next(item for item in html.split('<li class="usa-collection__item">') if "El Valle Processing" in item)
    assert "Field office:" not in card
    assert 'value="harlingen"' not in html


def test_field_office_page_lists_its_facilities(seeded_facilities, client):
    html = client.get("/contact/field-offices/harlingen/").content.decode()
    assert 'href="/detention-facilities/el-valle-detention-facility/"' in html
    assert "Northwest ICE" not in html


def _bulk(count):
    kind = FacilityType.objects.get(code="IGSA")
    office = FieldOffice.objects.get(slug="houston")
    DetentionFacility.objects.bulk_create(
        DetentionFacility(
            name=f"Bulk Facility {n}", slug=f"bulk-{n}", facility_type=kind, field_office=office, city="Houston",
            state="TX", zip_code="77060", latitude=29.93, longitude=-95.4, status=Status.PUBLISHED,
        )
        for n in range(count)
    )


@pytest.mark.parametrize("count", [10, 400])
def test_query_counts_do_not_grow_with_the_number_of_facilities(seeded_facilities, client, count,
                                                                django_assert_num_queries):
    _bulk(count)
    client.get("/detention-facilities/bulk-3/")  # the frame (site settings, menus) is read once and kept
    with django_assert_num_queries(5 + version_read()):
        # offices and types for the form, COUNT, one page of ids, that page's rows
        assert client.get(LIST).status_code == 200
    last_page = "2" if count > 100 else "1"  # only pages the list has answer (others are a 404)
    # Up to IN_PROCESS_LIMIT facilities, a search near a place orders them here, from every facility's
    # listing values (read once, then kept); past it, the database orders them: one page a request.
    ordered_here = DetentionFacility.objects.count() <= NearestFacilities.IN_PROCESS_LIMIT
    searches = [
        ({}, 0, 0),  # shown just now: all of it is kept
        # The same count (every facility); the facilities in distance order; other cards: their rows.
        ({"zip": "77060"}, 2, 0 if ordered_here else 1),
        # Its COUNT, its page, and the rows of cards not shown yet: with 10, all were among the nearest to 77060.
        ({"state": "TX", "type": "igsa", "office": "houston", "page": last_page}, 3 if count > 100 else 2, 0),
    ]
    for query, first, _again in searches:
        with django_assert_num_queries(first + version_read()):
            assert client.get(LIST, query).status_code == 200
    for query, _first, again in searches:  # again: nothing, but one page of a long list in distance order
        with django_assert_num_queries(again + version_read()):
            assert client.get(LIST, query).status_code == 200
    with django_assert_num_queries(version_read()):  # the facility and its office, kept with the frame
        assert client.get("/detention-facilities/bulk-3/").status_code == 200


def test_facilities_kept_in_the_process_are_ordered_as_the_database_orders_them(seeded_facilities):
    """A search near a place orders up to IN_PROCESS_LIMIT facilities in the process, from their listing
    values: the same order as the SQL (ties by name, then slug; no coordinates last)."""
    from contacts import geo

    texas = DetentionFacility.objects.filter(state="TX").order_by("pk")
    DetentionFacility.objects.filter(pk__in=list(texas.values_list("pk", flat=True)[:6])).update(
        latitude=29.9335, longitude=-95.3981)  # six facilities at one place
    DetentionFacility.objects.filter(pk=texas.last().pk).update(latitude=None, longitude=None)
    facilities = DetentionFacility.objects.published()
    assert facilities.count() <= NearestFacilities.IN_PROCESS_LIMIT
    for zip_code in ["77060", "10278", "99501", "96910"]:
        in_sql = NearestFacilities(facilities, geo.zip_place(zip_code))
        kept = NearestFacilities(facilities, in_sql.place, rows=in_sql.every_row())
        assert kept.count() == in_sql.count() == facilities.count()
        for start in (0, 25, facilities.count() - 10):
            assert [(f.pk, f.distance_miles) for f in kept[start : start + 25]] == [
                (f.pk, f.distance_miles) for f in in_sql[start : start + 25]
            ], (zip_code, start)
