"""Every admin of a Publishable model applies the publishing rules (issue #14, finding 1): an Editor's
news release stays invisible until a Publisher publishes it; changes to a live one are drafts."""

import pytest
from django.contrib import admin
from django.urls import reverse

from iceinfo.editing.admin import PublishableAdminMixin
from iceinfo.models import ContentDraft, Publishable, Status
from news.models import NewsRelease
from tests.factories import SiteSettingsFactory
from tests.iceinfo.admin_helpers import form_data, staff_user
from tests.news.factories import NewsReleaseFactory, TopicFactory


def test_every_admin_of_a_publishable_model_uses_the_publishing_rules():
    missing = [
        f"{model._meta.label}: {type(model_admin).__name__}"
        for model, model_admin in admin.site._registry.items()
        if issubclass(model, Publishable) and not isinstance(model_admin, PublishableAdminMixin)
    ]
    assert not missing, f"admins without the publishing rules: {missing}"


@pytest.mark.django_db
def test_an_editors_news_release_stays_invisible_until_a_publisher_publishes_it(client):
    SiteSettingsFactory()
    topic = TopicFactory()
    client.force_login(staff_user("editor", "Editors"))
    add = reverse("admin:news_newsrelease_add")
    response = client.get(add)
    assert 'name="status"' not in response.content.decode()
    data = form_data(response, title_en="Editor's release", slug_en="editors-release", date="2024-05-01",
                     topic=topic.pk, kind="news", status="published", publish_at_0="2020-01-01",
                     publish_at_1="00:00")
    response = client.post(add, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    release = NewsRelease.objects.get(slug_en="editors-release")
    assert release.status == Status.DRAFT and release.publish_at is None
    client.logout()
    assert client.get("/news/editors-release/").status_code == 404
    assert "Editor&#x27;s release" not in client.get("/news/").content.decode()

    # Preview works for the editor; the public still sees nothing.
    client.force_login(staff_user("editor2", "Editors"))
    preview = reverse("admin:news_newsrelease_preview", args=[release.pk])
    response = client.get(preview)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Editor&#x27;s release" in html and "iceinfo-preview-banner" in html

    client.force_login(staff_user("publisher", "Publishers"))
    change = reverse("admin:news_newsrelease_change", args=[release.pk])
    response = client.get(change)
    assert client.post(change, form_data(response, status="published")).status_code == 302
    client.logout()
    response = client.get("/news/editors-release/")
    assert response.status_code == 200 and "Editor&#x27;s release" in response.content.decode()
    assert "Editor&#x27;s release" in client.get("/news/").content.decode()


@pytest.mark.django_db
def test_an_editors_change_to_a_live_release_is_a_draft_and_a_stale_save_is_refused(client):
    SiteSettingsFactory()
    release = NewsReleaseFactory(title_en="Live title", slug_en="live-release")
    editor, other = staff_user("editor", "Editors"), staff_user("other", "Editors")
    change = reverse("admin:news_newsrelease_change", args=[release.pk])
    client.force_login(other)
    stale_form = client.get(change)
    client.force_login(editor)
    response = client.get(change)
    response = client.post(change, form_data(response, title_en="Changed title"), follow=True)
    assert "Saved as a draft" in response.content.decode()
    release.refresh_from_db()
    assert release.title_en == "Live title" and ContentDraft.objects.count() == 1
    client.logout()
    assert "Changed title" not in client.get("/news/live-release/").content.decode()
    # The second editor's form was loaded before the first save: refused, nothing overwritten.
    client.force_login(other)
    response = client.post(change, form_data(stale_form, title_en="Other title"))
    assert response.status_code == 200 and "Someone else saved this item" in response.content.decode()
