"""The link chooser (issue #21, item 7): a staff-only JSON search over the site's content, and link
rows that pick their target through it instead of a content type and a typed id."""

import json

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from contacts.models import FieldOffice
from iceinfo.editing import chooser
from iceinfo.models import Link, Page, Status
from tests.factories import DirectorateFactory, LinkFactory, LinkGroupFactory, PageFactory, SiteSettingsFactory
from tests.iceinfo.admin_helpers import form_data, staff_user

URL = "/admin/link-chooser/"


@pytest.fixture
def content(db):
    SiteSettingsFactory()
    about = PageFactory(title_en="About ICE", title_es="Acerca de ICE", slug_en="about-ice", slug_es="acerca-de-ice")
    mission = PageFactory(
        title_en="Our mission", title_es="Nuestra misión", slug_en="mission", slug_es="mision", parent=about
    )
    draft = PageFactory(
        title_en="Mission draft notes", slug_en="mission-draft", slug_es="mision-borrador", status=Status.DRAFT
    )
    office = FieldOffice.objects.create(name_en="Atlanta Field Office", slug="atlanta", status=Status.PUBLISHED)
    directorate = DirectorateFactory(name_en="Enforcement and Removal Operations")
    return {"about": about, "mission": mission, "draft": draft, "office": office, "directorate": directorate}


def search(client, **params):
    response = client.get(URL, params)
    return response, (json.loads(response.content) if response["Content-Type"] == "application/json" else None)


def test_the_chooser_refuses_anonymous_visitors_and_non_staff(client, content):
    response = client.get(URL, {"q": "mission"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(User.objects.create_user("visitor", password="A-long-passphrase-for-tests-1"))
    response = client.get(URL, {"q": "mission"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert b"mission" not in response.content.lower()


def test_staff_without_any_content_permission_get_403(client, content):
    client.force_login(staff_user("nobody"))  # staff, in no group: may see no content
    response, data = search(client, q="mission")
    assert response.status_code == 403 and "results" not in data


def test_an_editor_finds_pages_offices_and_directorates_by_title_in_any_language(client, content):
    client.force_login(staff_user("editor", "Editors"))
    response, data = search(client, q="misión")  # the Spanish title
    assert response.status_code == 200
    titles = [item["title"] for item in data["results"]]
    assert titles == ["Our mission"]
    item = data["results"][0]
    assert item["url"] == "/about-ice/mission/"
    assert item["content_type"] == ContentType.objects.get_for_model(Page).pk
    assert item["object_id"] == content["mission"].pk and item["kind"] == "page" and item["live"] is True

    _response, data = search(client, q="atlanta")
    assert [(item["kind"], item["url"]) for item in data["results"]] == [
        ("field office", "/contact/field-offices/atlanta/")
    ]
    _response, data = search(client, q="Removal")
    assert [item["kind"] for item in data["results"]] == ["directorate or office"]

    # A draft is found too, marked as not on the site.
    _response, data = search(client, q="draft notes")
    assert data["results"][0]["live"] is False and data["results"][0]["status"]

    # The address in the language asked for (for a Spanish text's link).
    _response, data = search(client, q="our mission", language="es")
    assert data["results"][0]["url"] == "/es/acerca-de-ice/mision/"


def test_the_answer_escapes_markup_and_is_never_cached(client, content):
    PageFactory(title_en="<script>alert(1)</script> & more", slug_en="odd", slug_es="raro")
    client.force_login(staff_user("editor", "Editors"))
    response, data = search(client, q="<script>")
    body = response.content.decode()
    assert "<script>" not in body and "\\u003Cscript\\u003E" in body and "\\u0026" in body
    assert data["results"][0]["title"] == "<script>alert(1)</script> & more"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 101},
        {"q": "a\x00b"},
        {"q": "mission", "language": "xx"},
        {"q": "mission", "kind": "auth.user"},
        {"q": "mission", "bogus": "1"},
        {"q": ["a", "b"]},
    ],
)
def test_bad_input_is_a_400_not_a_500(client, content, params):
    client.force_login(staff_user("editor", "Editors"))
    response, data = search(client, **params)
    assert response.status_code == 400 and data["error"]


def test_a_post_is_refused(client, content):
    client.force_login(staff_user("editor", "Editors"))
    assert client.post(URL, {"q": "x"}).status_code in (403, 405)  # CSRF first, then the method


def test_results_are_bounded_and_searches_are_rate_limited(client, content, monkeypatch):
    for index in range(chooser.PER_KIND + 3):
        PageFactory(title_en=f"Bulk page {index}")
    client.force_login(staff_user("editor", "Editors"))
    _response, data = search(client, q="bulk page")
    assert len(data["results"]) == chooser.PER_KIND and data["more"] is True
    monkeypatch.setattr(chooser, "RATE_LIMIT", 2)
    assert search(client, q="bulk")[0].status_code == 200
    assert search(client, q="bulk")[0].status_code == 429


def test_a_kind_narrows_the_search(client, content):
    client.force_login(staff_user("editor", "Editors"))
    _response, data = search(client, q="a", kind="contacts.fieldoffice")
    assert {item["kind"] for item in data["results"]} == {"field office"}


def test_the_link_row_shows_the_chosen_item_and_hides_the_content_type_and_id(client, content):
    group = LinkGroupFactory()
    LinkFactory(group=group, label_en="Mission", url="", target=content["mission"])
    client.force_login(staff_user("publisher", "Publishers"))
    response = client.get(reverse("admin:iceinfo_linkgroup_change", args=[group.pk]))
    html = response.content.decode()
    assert 'type="hidden" name="links-0-content_type"' in html and 'type="hidden" name="links-0-object_id"' in html
    assert '<select name="links-0-content_type"' not in html
    assert "data-iceinfo-chooser" in html and f'data-chooser-url="{URL}"' in html
    assert "Our mission" in html and "/about-ice/mission/" in html
    assert "js/admin-link-chooser.js" in html


def post_link(client, label, target_model, object_id):
    """A publisher saves a new link group with one link row pointing at (target_model, object_id)."""
    group = LinkGroupFactory()
    client.force_login(staff_user("publisher", "Publishers"))
    change = reverse("admin:iceinfo_linkgroup_change", args=[group.pk])
    data = form_data(client.get(change))
    data.update(
        {
            "links-TOTAL_FORMS": "1",
            "links-0-label_en": label,
            "links-0-order": "10",
            "links-0-content_type": str(ContentType.objects.get_for_model(target_model).pk),
            "links-0-object_id": str(object_id),
            "links-0-url": "",
            "links-0-icon": "",
        }
    )
    return group, client.post(change, data)


def test_choosing_an_item_saves_the_link_target(client, content):
    group, response = post_link(client, "Atlanta", FieldOffice, content["office"].pk)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    link = Link.objects.get(group=group)
    assert link.target == content["office"] and link.href == "/contact/field-offices/atlanta/"


def test_a_forged_target_outside_site_content_is_refused(client, content):
    group, response = post_link(client, "Users", User, 1)
    assert response.status_code == 200 and not Link.objects.filter(group=group).exists()


def test_the_rich_text_editor_carries_the_chooser(client, content):
    client.force_login(staff_user("editor", "Editors"))
    response = client.get(reverse("admin:iceinfo_page_change", args=[content["about"].pk]))
    html = response.content.decode()
    assert 'data-chooser-link-label="Link to a page on this site"' in html
    assert "js/admin-link-chooser.js" in html
