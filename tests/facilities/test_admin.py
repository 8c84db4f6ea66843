"""The facility admin: an editor's change to a live facility is a draft until a publisher saves it;
preview in the site's frame; history; facility types with language tabs."""

from django.urls import reverse

from facilities.models import DetentionFacility, FacilityType
from iceinfo.models import ContentDraft
from tests.iceinfo.admin_helpers import form_data, staff_user


def _change_url(facility):
    return reverse("admin:facilities_detentionfacility_change", args=[facility.pk])


def test_editor_draft_preview_and_publish(seeded_facilities, client):
    facility = DetentionFacility.objects.get(slug="el-valle-detention-facility")
    editor = staff_user("editor", "Editors")
    client.force_login(editor)
    assert client.get(reverse("admin:facilities_detentionfacility_changelist"), {"q": "Raymondville"}).status_code == 200
    response = client.get(_change_url(facility))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("notes_en", "notes_es", "sources", "as_of", "ice_page_url", "field_office"):
        assert f'name="{name}"' in html
    response = client.post(_change_url(facility), form_data(response, notes_es="Nota nueva."), follow=True)
    assert "Saved as a draft" in response.content.decode()
    assert ContentDraft.objects.count() == 1
    assert not DetentionFacility.objects.get(pk=facility.pk).notes_es

    preview = reverse("admin:facilities_detentionfacility_preview", args=[facility.pk])
    response = client.get(preview + "?language=es")
    assert response.status_code == 200 and "Nota nueva." in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    client.logout()
    assert "Nota nueva." not in client.get("/es/centros-de-detencion/el-valle-detention-facility/").content.decode()

    client.force_login(staff_user("publisher", "Publishers"))
    response = client.get(_change_url(facility))
    assert client.post(_change_url(facility), form_data(response)).status_code == 302
    assert DetentionFacility.objects.get(pk=facility.pk).notes_es == "Nota nueva."
    client.logout()
    assert "Nota nueva." in client.get("/es/centros-de-detencion/el-valle-detention-facility/").content.decode()
    assert client.get(reverse("admin:login")).status_code == 200


def test_bad_source_address_is_refused_in_the_admin(seeded_facilities, admin_client):
    facility = DetentionFacility.objects.get(slug="el-valle-detention-facility")
    response = admin_client.get(_change_url(facility))
    response = admin_client.post(_change_url(facility), form_data(response, sources="javascript:alert(1)"))
    assert response.status_code == 200  # the form again, with the message
    assert "Put one full https:// address on each line." in response.content.decode()


def test_facility_type_admin_and_history(seeded_facilities, admin_client):
    kind = FacilityType.objects.get(code="IGSA")
    response = admin_client.get(reverse("admin:facilities_facilitytype_change", args=[kind.pk]))
    assert response.status_code == 200
    assert 'name="explanation_ar"' in response.content.decode()
    facility = DetentionFacility.objects.get(slug="el-valle-detention-facility")
    assert admin_client.get(reverse("admin:facilities_detentionfacility_history", args=[facility.pk])).status_code == 200
