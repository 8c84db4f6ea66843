"""Issue #21, item 10: "Publish selected" for publishers only, through the publishing rules (draft
applied, history written, version bumped); image thumbnails in the lists and forms; a Preview for
contact channels; change lists that keep the order controls next to the name."""

import io

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from contacts.models import ContactChannel
from iceinfo.editing import drafts
from iceinfo.models import ContentDraft, Page, Status
from iceinfo.serving import cache as content_cache
from tests.factories import LeaderFactory, LinkFactory, LinkGroupFactory, PageFactory, SiteSettingsFactory
from tests.iceinfo.admin_helpers import staff_user

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/iceinfo/page/"


@pytest.fixture(autouse=True)
def site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    SiteSettingsFactory()


def publish(client, *objs, url=CHANGELIST):
    return client.post(url, {"action": "publish_selected", "_selected_action": [obj.pk for obj in objs]}, follow=True)


def test_an_editor_is_not_offered_and_cannot_use_publish_selected(client):
    page = PageFactory(status=Status.DRAFT)
    client.force_login(staff_user("ed1", "Editors"))
    html = client.get(CHANGELIST).content.decode()
    assert 'value="publish_selected"' not in html
    response = publish(client, page)
    html = response.content.decode()
    assert response.status_code == 200 and "published." not in html
    page.refresh_from_db()
    assert page.status == Status.DRAFT


def test_a_publisher_publishes_new_items_and_pending_drafts_in_one_go(client):
    new = PageFactory(title_en="New page", status=Status.DRAFT)
    live = PageFactory(title_en="Live page", summary_en="Old summary.")
    unchanged = PageFactory(title_en="Unchanged page")
    editor = staff_user("ed1", "Editors")
    live.summary_en = "New summary from the editor."
    drafts.save_draft(live, ["summary_en"], editor)
    live.refresh_from_db()
    assert live.summary_en == "Old summary."
    version_before = content_cache.content_version()

    client.force_login(staff_user("pub1", "Publishers"))
    assert 'value="publish_selected"' in client.get(CHANGELIST).content.decode()
    response = publish(client, new, live, unchanged)
    html = response.content.decode()
    assert "2 items were published." in html and "1 item was already published" in html
    new.refresh_from_db()
    live.refresh_from_db()
    assert new.status == Status.PUBLISHED
    assert live.summary_en == "New summary from the editor." and live.version == 2
    assert not ContentDraft.objects.exists()
    assert live.history.first().summary_en == "New summary from the editor."  # a history row
    assert live.history.first().history_user.username == "pub1"
    assert LogEntry.objects.filter(object_id=str(live.pk)).exists()
    assert content_cache.content_version() != version_before
    assert "New summary from the editor." in client.get(live.get_absolute_url()).content.decode()


def test_a_draft_that_changes_rows_is_left_for_its_change_form(client):
    group = LinkGroupFactory(status=Status.PUBLISHED)
    LinkFactory(group=group)
    ContentDraft.objects.create(
        content_type=ContentType.objects.get_for_model(group),
        object_id=group.pk,
        data={
            drafts.INLINES_KEY: {
                "links": {
                    "model": "iceinfo.link",
                    "fk": "group",
                    "changed": {},
                    "deleted": [],
                    "added": [{"label_en": "Added"}],
                }
            }
        },
    )
    client.force_login(staff_user("pub1", "Publishers"))
    response = publish(client, group, url="/admin/iceinfo/linkgroup/")
    assert "open each to publish it" in response.content.decode()
    assert ContentDraft.objects.exists()


def test_list_thumbnails_and_form_thumbnail_for_a_leader_photo(client):
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), "white").save(buffer, "PNG")
    leader = LeaderFactory(name="Ada Leader", photo_alt_en="Ada at her desk")
    leader.photo.save("portrait.png", SimpleUploadedFile("portrait.png", buffer.getvalue()))
    client.force_login(staff_user("pub1", "Publishers"))
    html = client.get(reverse("admin:directorates_leader_changelist")).content.decode()
    assert f'<img class="iceinfo-thumbnail iceinfo-thumbnail--list" src="{leader.photo.url}" alt=""' in html
    html = client.get(reverse("admin:directorates_leader_change", args=[leader.pk])).content.decode()
    assert f'<img class="iceinfo-thumbnail" src="{leader.photo.url}" alt="Current image"' in html


def test_contact_channels_have_a_preview_with_the_edited_channel(client):
    channel = ContactChannel.objects.create(
        name_en="Media inquiries", slug="media", status=Status.DRAFT, description_en="Call the press office."
    )
    client.force_login(staff_user("ed1", "Editors"))
    change = reverse("admin:contacts_contactchannel_change", args=[channel.pk])
    preview = reverse("admin:contacts_contactchannel_preview", args=[channel.pk])
    assert f'href="{preview}?language=en"' in client.get(change).content.decode()
    response = client.get(preview, {"language": "es"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Media inquiries" in html and "iceinfo-preview-banner" in html
    assert "Media inquiries" not in client.get("/contact/").content.decode()  # still a draft for visitors


def test_order_comes_right_after_the_name_in_change_lists(client):
    PageFactory()
    client.force_login(staff_user("pub1", "Publishers"))
    html = client.get(CHANGELIST).content.decode()
    header = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    columns = [part.split('"', 1)[0] for part in header.split('class="sortable column-')[1:]]
    columns = columns or [part.split('"', 1)[0] for part in header.split("column-")[1:]]
    assert columns.index("order") == columns.index("tree_title") + 1
    assert "js/admin-lists.js" in html and "css/admin-structure.css" in html
    assert Page.objects.count() == 1
