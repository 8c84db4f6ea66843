"""Issue #21, "Work is lost or misreported": a list save keeps pending drafts, and every save says in
one message what really happened (a draft, a live change, a revert)."""

import pytest
from django.contrib.messages import constants
from django.urls import reverse

from iceinfo.models import ContentDraft
from tests.factories import DirectorateFactory, SiteSettingsFactory
from tests.iceinfo.admin_helpers import form_data, staff_user

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse("admin:directorates_directorate_change", args=[obj.pk])


CHANGELIST = "/admin/directorates/directorate/"


def reorder(client, orders):
    """Post the change list's Order column with ``orders`` ({pk: order}), as its Save button does."""
    formset = client.get(CHANGELIST).context["cl"].formset
    data = {f"form-{key}": value for key, value in formset.management_form.initial.items()}
    for index, form in enumerate(formset.forms):
        data[f"form-{index}-id"] = str(form.instance.pk)
        data[f"form-{index}-order"] = str(orders.get(form.instance.pk, form.instance.order))
    return client.post(CHANGELIST, {**data, "_save": "Save"}, follow=True)


def messages_of(response):
    return [(m.level, str(m)) for m in response.context["messages"]]


@pytest.fixture
def two_live():
    SiteSettingsFactory()
    return DirectorateFactory(name_en="OPR", order=2), DirectorateFactory(name_en="HSI", order=1)


def test_a_publishers_reorder_keeps_an_editors_pending_draft(client, two_live):
    opr, hsi = two_live
    client.force_login(staff_user("ed1", "Editors"))
    response = client.get(change_url(opr))
    client.post(change_url(opr), form_data(response, summary_en="<p>One more sentence.</p>"))
    assert ContentDraft.objects.count() == 1

    client.force_login(staff_user("pub1", "Publishers"))
    response = reorder(client, {opr.pk: 1, hsi.pk: 2})
    opr.refresh_from_db()
    assert opr.order == 1  # the new order is live
    draft = ContentDraft.objects.get()  # and the editor's draft is still there
    assert "One more sentence" in draft.data["summary_en"] and "order" not in draft.data
    assert any("draft waiting for review: the draft was kept" in text for _level, text in messages_of(response))
    # The publisher's change form shows the draft, with the new order.
    form = client.get(change_url(opr)).context["adminform"].form
    assert "One more sentence" in form["summary_en"].value() and form["order"].value() == 1


def test_an_editors_reorder_of_live_items_says_drafts_were_made(client, two_live):
    opr, hsi = two_live
    client.force_login(staff_user("ed1", "Editors"))
    response = reorder(client, {opr.pk: 1, hsi.pk: 2})
    assert ContentDraft.objects.count() == 2
    assert len(messages_of(response)) == 1
    level, text = messages_of(response)[0]
    assert level == constants.WARNING and "changed successfully" not in text
    assert "2 published items were saved as drafts" in text and "until a publisher publishes them" in text


def test_an_editors_save_gives_one_message(client, two_live):
    opr, _hsi = two_live
    client.force_login(staff_user("ed1", "Editors"))
    response = client.get(change_url(opr))
    response = client.post(change_url(opr), form_data(response, summary_en="<p>New.</p>"), follow=True)
    assert [level for level, _text in messages_of(response)] == [constants.WARNING]
    assert "Saved as a draft" in messages_of(response)[0][1]


def test_a_revert_says_reverted(client, two_live):
    opr, _hsi = two_live
    client.force_login(staff_user("pub1", "Publishers"))
    first = opr.history.earliest()
    response = client.get(change_url(opr))
    client.post(change_url(opr), form_data(response, summary_en="<p>Changed.</p>"))
    revert = reverse("admin:directorates_directorate_simple_history", args=[opr.pk, first.history_id])
    response = client.post(revert, form_data(client.get(revert)), follow=True)
    [(level, text)] = messages_of(response)
    assert "reverted to the version you chose" in text and "changed successfully" not in text


def submit_buttons(html):
    import re

    return re.findall(r'<input type="submit" value="([^"]+)"[^>]*name="(_\w+)"', html)


def test_buttons_on_a_live_item_say_publish_or_save_draft(client, two_live):
    opr, _hsi = two_live
    client.force_login(staff_user("pub1", "Publishers"))
    buttons = submit_buttons(client.get(change_url(opr)).content.decode())
    assert ("Publish", "_save") in buttons and ("Save draft", "_save_draft") in buttons
    assert not any(label == "Save" for label, _name in buttons)
    client.force_login(staff_user("ed1", "Editors"))
    buttons = submit_buttons(client.get(change_url(opr)).content.decode())
    assert ("Save draft", "_save") in buttons and not any("Publish" in label for label, _name in buttons)
