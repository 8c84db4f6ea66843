"""Links (issue #14, finding 2): targets limited to the site's content models and validated, link
groups follow the publishing rules, and a link whose target cannot give an address never takes the
site down."""

import logging

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from iceinfo.models import ContentDraft, Link, LinkGroup, Page, Status, link_target_models
from tests.factories import LinkFactory, LinkGroupFactory, PageFactory, SiteSettingsFactory
from tests.helpers import change_url
from tests.iceinfo.admin_helpers import form_data, staff_user

pytestmark = pytest.mark.django_db


def test_link_targets_are_the_site_content_models_only():
    labels = {model._meta.label for model in link_target_models()}
    assert {"iceinfo.Page", "news.NewsRelease", "directorates.Directorate"} <= labels
    assert not labels & {"auth.User", "auth.Permission", "sessions.Session", "iceinfo.HistoricalPage",
                         "axes.AccessAttempt", "contenttypes.ContentType"}


def test_pointing_a_link_at_a_user_account_is_refused(client):
    SiteSettingsFactory()
    group = LinkGroupFactory()
    link = LinkFactory(group=group, target=PageFactory())
    client.force_login(staff_user("publisher", "Publishers"))
    response = client.get(change_url(group))
    choices = response.context["inline_admin_formsets"][0].formset.forms[0].fields["content_type"].queryset
    assert ContentType.objects.get_for_model(User) not in choices
    user_type = ContentType.objects.get_for_model(User)
    data = form_data(response, **{"links-0-content_type": user_type.pk, "links-0-object_id": User.objects.get().pk})
    response = client.post(change_url(group), data)
    assert response.status_code == 200  # the form again, with the error
    assert response.context["inline_admin_formsets"][0].formset.errors[0]
    link.refresh_from_db()
    assert link.content_type.model_class() is Page


def test_a_link_to_a_missing_item_is_refused():
    link = Link(group=LinkGroupFactory(), label_en="Gone", url="",
                content_type=ContentType.objects.get_for_model(Page), object_id=999999)
    with pytest.raises(Exception) as error:
        link.full_clean()
    assert "object_id" in error.value.message_dict


@pytest.mark.parametrize("bad_target", ["user", "deleted", "no_address"])
def test_a_link_row_whose_target_has_no_address_leaves_the_home_page_at_200(client, caplog, bad_target):
    SiteSettingsFactory()
    group = LinkGroupFactory(placement=LinkGroup.Placement.NAV)
    LinkFactory(group=group, label_en="Good link", url="https://example.gov/good")
    if bad_target == "user":  # written outside the admin: the form never offers it
        user = User.objects.create_user("someone")
        Link.objects.create(group=group, label_en="Bad link", content_type=ContentType.objects.get_for_model(User),
                            object_id=user.pk)
    elif bad_target == "deleted":
        page = PageFactory()
        LinkFactory(group=group, label_en="Bad link", target=page)
        Page.objects.filter(pk=page.pk).delete()
    else:  # a page whose address cannot be built (an empty slug)
        page = PageFactory(slug_en="x")
        Page.objects.filter(pk=page.pk).update(slug_en="", slug="")
        LinkFactory(group=group, label_en="Bad link", target=page)
    with caplog.at_level(logging.WARNING):
        response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Good link" in html and "Bad link" not in html
    if bad_target != "deleted":
        assert any("Bad link" in record.getMessage() for record in caplog.records)


def test_an_editors_change_to_a_live_link_group_is_a_draft(client):
    SiteSettingsFactory()
    group = LinkGroupFactory(placement=LinkGroup.Placement.NAV, title_en="Main")
    LinkFactory(group=group, label_en="Original label", url="https://example.gov/a")
    client.force_login(staff_user("editor", "Editors"))
    response = client.get(change_url(group))
    response = client.post(change_url(group), form_data(response, **{"links-0-label_en": "Editor label"}),
                           follow=True)
    assert "Saved as a draft" in response.content.decode()
    assert ContentDraft.objects.count() == 1
    client.logout()
    html = client.get("/").content.decode()
    assert "Original label" in html and "Editor label" not in html


def test_an_editors_new_link_group_is_a_draft_not_shown(client):
    SiteSettingsFactory()
    client.force_login(staff_user("editor", "Editors"))
    add = reverse("admin:iceinfo_linkgroup_add")
    response = client.get(add)
    data = form_data(response, title_en="Sneaky group", slug="sneaky", placement="nav", order="1",
                     status="published")
    data.update({"links-TOTAL_FORMS": "1", "links-INITIAL_FORMS": "0", "links-0-label_en": "Sneaky link",
                 "links-0-url": "https://example.gov/sneaky", "links-0-order": "1"})
    response = client.post(add, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert LinkGroup.objects.get(slug="sneaky").status == Status.DRAFT
    client.logout()
    assert "Sneaky link" not in client.get("/").content.decode()
