"""Issue #21: a leader's photo is never lost. A photo without a description is a form error (not a
500), and an Editor's new photo on a live leader is kept in the draft until a publisher publishes it."""

import io
import re

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from directorates.models import Leader
from iceinfo.editing.images import KEPT_SALT
from iceinfo.models import ContentDraft
from tests.factories import LeaderFactory, SiteSettingsFactory
from tests.iceinfo.admin_helpers import form_data, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    SiteSettingsFactory()
    return tmp_path


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), "white").save(buffer, "PNG")
    return SimpleUploadedFile("portrait.png", buffer.getvalue(), content_type="image/png")


def test_a_photo_without_a_description_is_a_form_error(client):
    client.force_login(staff_user("pub1", "Publishers"))
    add = reverse("admin:directorates_leader_add")
    data = form_data(client.get(add), name="Ada Leader", slug="ada-leader", title_en="Director", order="1")
    response = client.post(add, {**data, "photo": photo()})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "Describe the photo" in str(form.errors.get("photo_alt_en"))
    assert form["name"].value() == "Ada Leader"  # what was typed is still there
    assert not Leader.objects.exists()


def test_the_photo_chosen_before_a_form_error_is_kept_and_saved_with_the_next_submit(client, media):
    client.force_login(staff_user("pub1", "Publishers"))
    add = reverse("admin:directorates_leader_add")
    data = form_data(client.get(add), name="Ada Leader", slug="ada-leader", title_en="Director", order="1")
    response = client.post(add, {**data, "photo": photo()})
    html = response.content.decode()
    assert "Your file “portrait.png” is kept" in html
    token = re.search(r'name="photo__kept" value="([^"]+)"', html).group(1)
    # The browser sends the file input empty, the kept reference, and the description now typed.
    response = client.post(add, {**data, "photo__kept": token, "photo_alt_en": "Ada Leader at her desk"})
    assert response.status_code == 302
    leader = Leader.objects.get()
    assert leader.photo and leader.photo.name.endswith(".png") and leader.photo_alt_en == "Ada Leader at her desk"
    assert Image.open(leader.photo.path).size == (200, 200)
    assert not list((media / "pending-uploads").iterdir())  # the kept copy is gone once used


@pytest.mark.parametrize("forged", ["not-signed", "pending-uploads/../../etc/passwd"])
def test_a_forged_kept_reference_is_ignored(client, media, forged):
    client.force_login(staff_user("pub1", "Publishers"))
    add = reverse("admin:directorates_leader_add")
    data = form_data(client.get(add), name="Ada Leader", slug="ada-leader", title_en="Director", order="1")
    token = forged if forged == "not-signed" else signing.dumps({"path": forged, "name": "x.png"}, salt=KEPT_SALT)
    response = client.post(add, {**data, "photo__kept": token, "photo_alt_en": "Ada"})
    assert response.status_code == 302
    assert not Leader.objects.get().photo  # no file taken from the reference


def test_an_editors_new_photo_on_a_live_leader_is_kept_in_the_draft(client, media):
    leader = LeaderFactory(name="Ada Leader")
    change = reverse("admin:directorates_leader_change", args=[leader.pk])
    client.force_login(staff_user("ed1", "Editors"))
    data = form_data(client.get(change), photo_alt_en="Ada Leader at her desk")
    response = client.post(change, {**data, "photo": photo()}, follow=True)
    assert "Saved as a draft" in response.content.decode()
    leader.refresh_from_db()
    assert not leader.photo  # visitors still see the live leader, without the photo
    stored = ContentDraft.objects.get().data["photo"]
    assert stored and (media / stored).exists()

    # The editor (and a publisher) see the new photo in the form; the publisher's save publishes it.
    client.force_login(staff_user("pub1", "Publishers"))
    response = client.get(change)
    assert response.context["adminform"].form["photo"].value().name == stored
    data = form_data(response)
    del data["photo"]  # a browser sends no file when none is chosen
    response = client.post(change, data, follow=True)
    leader.refresh_from_db()
    assert leader.photo.name == stored and leader.photo_alt_en == "Ada Leader at her desk"
    assert not ContentDraft.objects.exists()
