"""Field office list (with the locator), detail, HSI international offices and the contact page."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from contacts import locator
from contacts.models import FieldOffice
from iceinfo.models import Status
from tests.queries import version_read

from .factories import (
    ContactChannelFactory,
    CoverageFactory,
    FieldOfficeFactory,
    InternationalOfficeFactory,
    bulk_offices,
)

LIST = "/contact/field-offices/"


def _office_names(response):
    return re.findall(r'class="usa-collection__heading"><a[^>]*>([^<]+)</a>', response.content.decode())


def _h1s(html):
    return re.findall(r"<h1[\s>]", html)


def test_urls():
    with translation.override("en"):
        assert reverse("contacts:fieldoffice_list") == LIST
        assert reverse("contacts:fieldoffice_detail", kwargs={"slug": "houston"}) == "/contact/field-offices/houston/"
        assert reverse("contacts:contact_list") == "/contact/"
        assert reverse("contacts:internationaloffice_list") == "/contact/hsi-international-offices/"


@pytest.mark.django_db
def test_list_shows_every_office_with_checkin_note(client, seeded_offices):
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(_h1s(html)) == 1
    assert len(_office_names(response)) == 25
    assert "25 field offices" in html
    assert 'href="/check-in/"' in html  # field offices are not check-in locations
    assert 'class="usa-form usa-form--large iceinfo-locator" method="get"' in html
    assert '<label class="usa-label" for="locator-q">' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zip_code", "first"), [("77060", "Houston Field Office"), ("10278", "New York City Field Office")]
)
def test_zip_puts_the_serving_office_first(client, seeded_offices, zip_code, first):
    response = client.get(LIST, {"q": zip_code})
    assert response.status_code == 200
    names = _office_names(response)
    assert names[0] == first
    assert len(names) == 11  # the serving office, then the nearest ten; the rest on the next pages
    html = response.content.decode()
    assert "Your field office" in html
    assert "miles away" in html


@pytest.mark.django_db
def test_zip_parameter_name_works_too(client, seeded_offices):
    assert _office_names(client.get(LIST, {"zip": "77060"}))[0] == "Houston Field Office"


@pytest.mark.django_db
def test_city_and_state(client, seeded_offices):
    response = client.get(LIST, {"q": "Houston, TX"})
    assert response.status_code == 200
    assert _office_names(response)[0] == "Houston Field Office"


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"state": "TX"}, {"q": "TX"}, {"q": "Texas"}])
def test_state_lists_the_five_texas_offices(client, seeded_offices, params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert sorted(_office_names(response)) == [
        "Dallas Field Office",
        "El Paso Field Office",
        "Harlingen Field Office",
        "Houston Field Office",
        "San Antonio Field Office",
    ]
    assert "5 field offices serve Texas" in response.content.decode()


@pytest.mark.django_db
def test_office_type_filter(client, seeded_offices):
    assert len(_office_names(client.get(LIST, {"type": "ero"}))) == 25
    response = client.get(LIST, {"type": "hsi"})
    assert response.status_code == 200
    assert _office_names(response) == []
    assert "No field office matches these choices." in response.content.decode()


@pytest.mark.django_db
def test_script_is_escaped(client, seeded_offices):
    payload = "<script>alert(1)</script>"
    response = client.get(LIST, {"zip": payload})
    assert response.status_code == 200
    html = response.content.decode()
    assert payload not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Enter a five-digit ZIP code" in html
    assert len(_office_names(response)) == 25  # and the full list


BAD_QUERIES = [
    ("99999", "We could not find the ZIP code 99999"),
    ("abcde", "Enter a five-digit ZIP code"),
    ("12345678901234567890", "A ZIP code has five digits"),
    ("Nowhere, TX", "We could not find Nowhere in Texas"),
    ("' OR 1=1 --", "Enter a five-digit ZIP code"),
    ("x" * 500, "That search is too long"),
]
MALFORMED = [{"state": "ZZ"}, {"type": "fbi"}, {"state": "<b>x</b>"}, {"q": "a\x00b"}, {"q": "9" * 3000}]


@pytest.mark.django_db
def test_bad_input_gives_a_clear_message_and_the_list(client, seeded_offices):
    for query, message in BAD_QUERIES:
        response = client.get(LIST, {"q": query})
        assert response.status_code == 200, query
        html = response.content.decode()
        assert message in html.replace("&#x27;", "'"), query
        assert 'role="alert"' in html
        assert len(_office_names(response)) == 25


@pytest.mark.django_db
def test_malformed_parameters_are_a_400_page(client, seeded_offices):
    for params in MALFORMED:
        response = client.get(LIST, params)
        assert response.status_code == 400, params
        html = response.content.decode()
        assert "<b>x</b>" not in html
        assert "usa-error-message" in html
        assert len(_office_names(response)) == 25


@pytest.mark.django_db
def test_a_page_number_the_list_does_not_have_is_a_404(client, seeded_offices):
    # Only pages the list has (issue #14, finding 11): never the nearest page under yet another address.
    for page in ["abc", "0", "999", "-1", "1" * 30, "01", ""]:
        assert client.get(LIST, {"page": page}).status_code == 404, page
    assert client.get(LIST, {"page": "1"}).status_code == 200


@pytest.mark.django_db
def test_pagination(client):
    bulk_offices(60)
    response = client.get(LIST)
    html = response.content.decode()
    assert len(_office_names(response)) == 25
    assert 'class="usa-pagination"' in html
    assert "?page=2" in html
    assert len(_office_names(client.get(LIST, {"page": 3}))) == 10
    response = client.get(LIST, {"q": "77060", "page": 2})
    assert response.status_code == 200
    assert "q=77060&amp;page=3" in response.content.decode()


@pytest.mark.django_db
def test_every_seeded_office_page(client, seeded_offices):
    offices = list(FieldOffice.objects.all())
    assert len(offices) == 25
    for office in offices:
        response = client.get(office.get_absolute_url())
        assert response.status_code == 200, office.slug
        html = response.content.decode()
        assert f'href="tel:{office.phone_href}"' in html
        assert re.fullmatch(r"\+1\d{10}", office.phone_href)
        assert f'href="mailto:{office.email}"' in html
        assert "https://www.openstreetmap.org/search?" in html
        assert office.source not in html  # for editors only
        assert len(_h1s(html)) == 1


@pytest.mark.django_db
def test_detail_shows_coverage(client, seeded_offices):
    html = client.get("/contact/field-offices/new-york-city/").content.decode()
    assert "Duchess" not in html  # corrected in the visitor text
    assert "New York: these counties: Bronx, Dutchess, Kings, Nassau," in html  # structured coverage
    html = client.get("/contact/field-offices/houston/").content.decode()
    assert "Texas: these counties: Angelina, Austin, Bee, Bell," in html
    assert "Address and phone as ICE listed them in September 2025." in html
    html = client.get("/es/contactenos/oficinas-de-campo/houston/").content.decode()
    assert "Texas: estos condados: Angelina, Austin, Bee, Bell," in html


@pytest.mark.django_db
def test_unpublished_office_is_hidden(client):
    office = FieldOfficeFactory(status=Status.DRAFT)
    assert client.get(office.get_absolute_url()).status_code == 404
    assert office.name not in client.get(LIST).content.decode()


@pytest.mark.django_db
def test_spanish_pages_show_spanish_content(client, seeded_offices):
    with translation.override("es"):
        url = reverse("contacts:fieldoffice_detail", kwargs={"slug": "new-york-city"})
        list_url = reverse("contacts:fieldoffice_list")
    assert url.startswith("/es/")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es"' in html
    assert "<h1>Oficina de Campo de la Ciudad de Nueva York</h1>" in html
    assert "Los cinco distritos de la ciudad de Nueva York" in html
    response = client.get(list_url, {"q": "77060"})
    assert _office_names(response)[0] == "Oficina de Campo de Houston"


@pytest.mark.django_db
def test_missing_translation_falls_back_to_english_marked(client):
    office = FieldOfficeFactory(name_es="", area_of_responsibility_es="")
    CoverageFactory(office=office)
    with translation.override("es"):
        url = office.get_absolute_url()
    html = client.get(url).content.decode()
    assert f'<h1 lang="en">{office.name_en}</h1>' in html
    assert 'lang="en"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(("count", "limit"), [(25, None), (2000, None), (25, 10)])  # 10: a "long" list, in SQL
@pytest.mark.parametrize(
    ("params", "first", "nearest"),
    [
        # first: count, page (listing index), the rows of its cards, the office types that have an
        # office (for the type select); again: nothing, all of it is kept with the frame
        ({}, 4, False),
        ({"state": "TX"}, 4, False),
        # search: also the coverage of the place's state (serving office); the offices in distance
        # order: every office's listing values, kept (up to IN_PROCESS_LIMIT), else one page in SQL
        ({"q": "77060"}, 5, True),
        ({"q": "77060", "page": "3"}, 5, True),
        ({"q": "Houston, TX"}, 5, True),
        ({"q": "TX"}, 4, False),
        ({"q": "77060", "state": "TX", "page": "2"}, 5, True),
        ({"q": "<script>"}, 4, False),  # not a search: the plain list
    ],
)
def test_list_query_count_is_fixed(client, django_assert_num_queries, monkeypatch, count, limit, params, first,
                                   nearest):
    if limit is not None:
        monkeypatch.setattr(locator.NearestOffices, "IN_PROCESS_LIMIT", limit)
    bulk_offices(count)
    if count <= 25 and "page" in params:  # 25 offices fill one page: only page 1 exists (others are 404s)
        params = {**params, "page": "1"}
    cache.clear()
    client.get("/contact/")  # the page frame, built once per content version and language
    with django_assert_num_queries(first + version_read()):
        assert client.get(LIST, params).status_code == 200
    # Again, with the frame kept: no query, but one page in distance order of a long list.
    again = 1 if nearest and count > locator.NearestOffices.IN_PROCESS_LIMIT else 0
    with django_assert_num_queries(again + version_read()):
        assert client.get(LIST, params).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [25, 2000])
def test_detail_query_count_is_fixed(client, django_assert_num_queries, count):
    offices = bulk_offices(count)
    url = offices[0].get_absolute_url()
    client.get(url)
    with django_assert_num_queries(5 + version_read()):  # office, its coverage, other offices sharing its states, its sources, its facilities
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_international_offices_empty_state(client):
    response = client.get("/contact/hsi-international-offices/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No HSI offices abroad are listed on this site" in html
    assert "are listed by region and country" not in html  # the intro of a filled list only
    assert 'href="/contact/field-offices/"' in html
    assert len(_h1s(html)) == 1


@pytest.mark.django_db
def test_international_offices_grouped(client, django_assert_num_queries):
    InternationalOfficeFactory(region_en="Europe", country_en="Italy", name_en="HSI Rome", phone="+39 06 0000 0000")
    InternationalOfficeFactory(region_en="Asia", country_en="Japan", name_en="HSI Tokyo")
    InternationalOfficeFactory(region_en="Europe", country_en="Belgium", name_en="HSI Brussels")
    InternationalOfficeFactory(region_en="Europe", country_en="Italy", name_en="HSI Hidden", status=Status.DRAFT)
    client.get("/contact/hsi-international-offices/")
    with django_assert_num_queries(1 + version_read()):
        html = client.get("/contact/hsi-international-offices/").content.decode()
    assert html.index(">Asia<") < html.index(">Europe<") < html.index(">Belgium<") < html.index(">Italy<")
    assert "HSI Rome" in html and "HSI Hidden" not in html
    assert 'href="tel:+390600000000"' in html


@pytest.mark.django_db
def test_contact_page_lists_the_seeded_channels(client, seeded_channels, django_assert_num_queries):
    client.get("/contact/")
    with django_assert_num_queries(1 + version_read()):
        response = client.get("/contact/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in (
        "General Information",
        "ICE Field Offices",
        "HSI International Offices",
        "Media Inquiries",
        "Community Relations",
        "Small Business",
        "Tip line: report crimes",
    ):
        assert name in html
    assert 'id="tip-line"' in html
    assert 'href="tel:+18663472423"' in html
    assert 'href="/contact/field-offices/"' in html
    assert len(_h1s(html)) == 1


@pytest.mark.django_db
def test_contact_page_in_spanish(client, seeded_channels):
    with translation.override("es"):
        url = reverse("contacts:contact_list")
    html = client.get(url).content.decode()
    assert "Línea de denuncias: denuncie delitos" in html
    assert "Oficinas de campo de ICE" in html


@pytest.mark.django_db
def test_contact_channel_rejects_script_urls():
    from django.core.exceptions import ValidationError

    channel = ContactChannelFactory.build(url="javascript:alert(1)")
    with pytest.raises(ValidationError):
        channel.full_clean()


@pytest.mark.django_db
def test_card_links_are_the_offices_addresses_in_every_language():
    from django.conf import settings

    from contacts.views import detail_url_prefix

    offices = [FieldOfficeFactory(slug=slug) for slug in ("houston", "new-york-city", "a_b-9")]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            prefix = detail_url_prefix()
            assert [f"{prefix}{o.slug}/" for o in offices] == [o.get_absolute_url() for o in offices], code


@pytest.mark.django_db
def test_list_cards_mark_english_standing_in(client):
    FieldOfficeFactory(name_en="Only English", name_es="", area_of_responsibility_es="")
    FieldOfficeFactory(name_en="Both", name_es="Ambos")
    with translation.override("es"):
        url = reverse("contacts:fieldoffice_list")
    html = client.get(url).content.decode()
    assert re.search(r'<a class="usa-link" href="/es/[^"]+/" lang="en">Only English</a>', html)
    assert re.search(r'<a class="usa-link" href="/es/[^"]+/">Ambos</a>', html)
    assert '<span lang="en">Somewhere</span>' in html  # the area, in English too
    assert "En algún lugar" in html


@pytest.mark.django_db
def test_search_pages_cover_every_office_once(client):
    bulk_offices(60)
    FieldOffice.objects.filter(slug="bulk-office-59").update(latitude=None, longitude=None)
    seen = []
    for page in range(1, 7):  # ten to a page after a search (the serving office comes with page 1)
        names = _office_names(client.get(LIST, {"q": "77060", "page": page}))
        seen += names
    assert len(seen) == len(set(seen)) == 60
    assert seen[-1] == "Bulk Office 59"  # no coordinates: last
    first = client.get(LIST, {"q": "77060"}).content.decode()
    assert "Your field office" in first and "Less than 1 mile away" in first  # Bulk Office 0 sits on 77060
    assert "Your field office" not in client.get(LIST, {"q": "77060", "page": 2}).content.decode()


@pytest.mark.django_db
def test_the_filters_show_as_chosen(client, seeded_offices):
    html = client.get(LIST, {"state": "TX", "type": "ero"}).content.decode()
    assert '<option value="TX" selected>' in html and '<option value="ero" selected>' in html
    html = client.get(LIST, {"state": "CA"}).content.decode()  # the options are kept per chosen value
    assert '<option value="CA" selected>' in html and '<option value="TX">' in html
    assert '<option value="" selected>All office types</option>' in html
    response = client.get(LIST, {"state": "ZZ", "type": "ero"})  # unknown: nothing chosen, the rest kept
    html = response.content.decode()
    assert response.status_code == 400
    assert '<option value="" selected>All states and territories</option>' in html
    assert '<option value="ero" selected>' in html


@pytest.mark.django_db
def test_cards_are_rendered_once_for_every_search(client, seeded_offices, django_assert_num_queries):
    """A card is kept per content version without its distance: another search reads no row."""
    first = client.get(LIST, {"q": "77060"}).content.decode()
    for page in (2, 3):  # ten to a page: the other pages render the other cards
        client.get(LIST, {"q": "77060", "page": page})
    # Coverage of New York; no office row, and the count and every office's listing values kept.
    with django_assert_num_queries(1 + version_read()):
        other = client.get(LIST, {"q": "10278"}).content.decode()
    assert "Your field office" in first and "Your field office" in other
    # Chicago is among the nearest ten of both searches (a search shows ten to a page).
    chicago = re.search(r'id="office-chicago">.*?</div>\n</li>', other, re.S).group(0)
    assert "Chicago Field Office" in chicago and "miles away" in chicago
    assert re.search(r'id="office-chicago">.*?</div>\n</li>', first, re.S).group(0) != chicago  # its own distance


@pytest.mark.django_db
def test_an_edit_shows_in_the_list_at_once(client, seeded_offices):
    assert "Houston Field Office" in client.get(LIST, {"q": "77060"}).content.decode()
    office = FieldOffice.objects.get(slug="houston")
    office.name_en, office.phone = "Houston <Office>", ""
    office.save()  # a saved row bumps the content version
    html = client.get(LIST, {"q": "77060"}).content.decode()
    assert "Houston &lt;Office&gt;" in html and "Houston Field Office" not in html
    houston = re.search(r'id="office-houston">.*?</div>\n</li>', html, re.S).group(0)
    assert "tel:" not in houston and "usa-collection__meta" not in houston  # no phone: no contact list
    with translation.override("es"):
        url = reverse("contacts:fieldoffice_list")
    assert "Houston &lt;Office&gt;" not in client.get(url, {"q": "77060"}).content.decode()  # Spanish name kept


def _type_options(html):
    select = re.search(r'<select[^>]*name="type"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"', select)


@pytest.mark.django_db
def test_office_type_filter_offers_only_types_that_have_offices(client):
    """Issue 16: the seed's offices are all ERO; the select must not offer HSI, OPLA or OPR."""
    FieldOfficeFactory(office_type=FieldOffice.OfficeType.ERO)
    FieldOfficeFactory(office_type=FieldOffice.OfficeType.OPLA, status=Status.DRAFT)  # not live
    assert _type_options(client.get(LIST).content.decode()) == ["", "ero"]

    FieldOfficeFactory(office_type=FieldOffice.OfficeType.HSI)  # the save starts a new content version
    assert _type_options(client.get(LIST).content.decode()) == ["", "ero", "hsi"]


@pytest.mark.django_db
def test_a_valid_type_without_offices_still_answers_and_stays_selected(client):
    FieldOfficeFactory(office_type=FieldOffice.OfficeType.ERO)
    response = client.get(LIST, {"type": "opr"})
    assert response.status_code == 200  # an old link: an empty list, not an error
    html = response.content.decode()
    assert _type_options(html) == ["", "ero", "opr"]
    assert '<option value="opr" selected>' in html
    assert client.get(LIST, {"type": "nope"}).status_code == 400


@pytest.mark.django_db
def test_after_a_search_the_results_come_before_the_form_and_take_focus(client, seeded_offices):
    html = client.get(LIST, {"q": "77060"}).content.decode()
    assert html.index('id="results-heading"') < html.index('id="locator-q"')
    assert 'id="results-heading" tabindex="-1" data-focus-on-load' in html
    assert html.index("Houston Field Office") < html.index('id="locator-q"')
    plain = client.get(LIST).content.decode()  # no search yet: the form first, nothing takes focus
    assert plain.index('id="locator-q"') < plain.index('id="results-heading"')
    assert "data-focus-on-load" not in plain


def _your_office(html):
    """The name in the "Your field office" section, or None."""
    match = re.search(r"<h3>Your field office</h3>\s*<ul[^>]*>\s*<li[^>]*>.*?<a[^>]*>([^<]+)</a>", html, re.S)
    return match.group(1) if match else None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zip_code", "office"),
    [
        ("76701", "Houston Field Office"), ("77901", "Houston Field Office"), ("78102", "Houston Field Office"),
        ("76943", "Dallas Field Office"), ("93721", "San Francisco Field Office"),
        ("93301", "San Francisco Field Office"), ("12207", "Buffalo Field Office"),
        ("12601", "New York City Field Office"), ("92243", "San Diego Field Office"),
        ("92501", "Los Angeles Field Office"), ("79701", "El Paso Field Office"), ("78040", "Harlingen Field Office"),
    ],
)
def test_your_field_office_follows_the_areas_of_responsibility(client, seeded_offices, zip_code, office):
    assert _your_office(client.get(LIST, {"zip": zip_code}).content.decode()) == office


@pytest.mark.django_db
def test_no_office_is_said_plainly(client, seeded_offices):
    html = client.get(LIST, {"zip": "96799"}).content.decode()  # Pago Pago, American Samoa
    assert _your_office(html) is None
    assert "No ICE field office covers American Samoa." in html
    html = client.get(LIST, {"zip": "75059"}).content.decode()  # Irving, TX: no county in the ZIP data
    assert _your_office(html) is None
    assert "ICE divides Texas between field offices by county" in html
    html = client.get("/es/contactenos/oficinas-de-campo/", {"zip": "75059"}).content.decode()
    assert "ICE divide Texas entre oficinas de campo por condado" in html
    html = client.get("/ar/contact/field-offices/", {"zip": "96799"}).content.decode()
    assert "لا يغطي أي مكتب ميداني" in html
