"""Issue #21, item 6, "Review is invisible": an Editor submits a draft for review with a comment, the
Publishers get an email and find it on the admin's home page, a Publisher publishes it or sends it back
(the author gets an email), lists say which items have changes waiting, history credits the draft's
author, and the conflict message's "See what changed" shows the other person's draft."""

import re

import pytest
from django.contrib.messages import constants
from django.urls import reverse

from iceinfo.editing.language import COOKIE
from iceinfo.models import ContentDraft, ReviewState, Status
from news.models import NewsRelease
from tests.factories import DirectorateFactory, SiteSettingsFactory
from tests.helpers import change_url
from tests.iceinfo.admin_helpers import form_data, staff_user
from tests.news.factories import TopicFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/directorates/directorate/"


def messages_of(response):
    return [(m.level, str(m)) for m in response.context["messages"]]


def submit_buttons(html):
    return re.findall(r'<input type="submit" value="([^"]+)"[^>]*name="(_\w+)"', html)


@pytest.fixture
def people():
    SiteSettingsFactory()
    editor = staff_user("ed1", "Editors")
    publisher = staff_user("pub1", "Publishers")
    other_publisher = staff_user("pub2", "Publishers")
    other_editor = staff_user("ed2", "Editors")
    return editor, publisher, other_publisher, other_editor


@pytest.fixture
def opr(people):
    return DirectorateFactory(
        name_en="Office of Professional Responsibility", name_es="Oficina de Responsabilidad Profesional"
    )


def submit(client, obj, comment="Please check the new sentence.", **changes):
    response = client.get(change_url(obj))
    data = form_data(response, summary_en="<p>One more sentence.</p>", review_comment=comment, **changes)
    return client.post(change_url(obj), {**data, "_submit_review": "Submit for review"}, follow=True)


def test_an_editor_submits_a_draft_and_the_publishers_get_an_email(client, people, opr, mailoutbox):
    editor, _publisher, _other, _other_editor = people
    client.force_login(editor)
    buttons = submit_buttons(client.get(change_url(opr)).content.decode())
    assert ("Submit for review", "_submit_review") in buttons and ("Save draft", "_save") in buttons

    response = submit(client, opr)
    draft = ContentDraft.objects.get()
    assert draft.review_state == ReviewState.SUBMITTED and draft.submitted_by == editor
    assert draft.submit_comment == "Please check the new sentence." and draft.submitted_at is not None
    assert "One more sentence" in draft.data["summary_en"]
    opr.refresh_from_db()
    assert "One more sentence" not in opr.summary_en  # still a draft
    [(level, text)] = messages_of(response)
    assert level == constants.WARNING and "submitted for review" in text

    # One email to the two publishers (not to the editors), with the comment and a link to the form.
    [mail] = mailoutbox
    assert sorted(mail.to) == ["pub1@example.gov", "pub2@example.gov"]
    assert "Office of Professional Responsibility" in mail.subject and "review" in mail.subject.lower()
    assert "Please check the new sentence." in mail.body
    assert f"http://testserver{change_url(opr)}" in mail.body
    # The change form tells who submitted it, with the comment.
    html = client.get(change_url(opr)).content.decode()
    assert "Submitted for review by ed1" in html and "Please check the new sentence." in html


def test_a_comment_that_is_too_long_is_a_form_error(client, people, opr, mailoutbox):
    client.force_login(people[0])
    response = submit(client, opr, comment="x" * 2001)
    assert response.status_code == 200
    assert "review_comment" in response.context["adminform"].form.errors
    assert not ContentDraft.objects.exists() and not mailoutbox


def test_publishers_see_no_submit_button_and_editors_see_no_send_back(client, people, opr):
    editor, publisher, _other, _other_editor = people
    client.force_login(publisher)
    buttons = submit_buttons(client.get(change_url(opr)).content.decode())
    assert not any(name == "_submit_review" for _label, name in buttons)
    assert not any(name == "_send_back" for _label, name in buttons)  # nothing submitted yet
    client.force_login(editor)
    submit(client, opr)
    assert not any(
        name == "_send_back" for _label, name in submit_buttons(client.get(change_url(opr)).content.decode())
    )
    client.force_login(publisher)
    assert ("Send back", "_send_back") in submit_buttons(client.get(change_url(opr)).content.decode())


def test_the_admin_home_lists_drafts_waiting_for_review_and_my_drafts(client, people, opr):
    editor, publisher, _other, other_editor = people
    hsi = DirectorateFactory(name_en="Homeland Security Investigations")
    client.force_login(editor)
    submit(client, opr)
    response = client.get(change_url(hsi))
    client.post(change_url(hsi), form_data(response, summary_en="<p>Not ready yet.</p>"))  # a draft, not submitted

    client.force_login(publisher)
    html = client.get("/admin/").content.decode()
    queue = html[html.index('id="iceinfo-review-queue"') :]
    queue = queue[: queue.index("</section>")]
    assert "Waiting for review (1)" in queue
    assert f'href="{change_url(opr)}"' in queue and "Office of Professional Responsibility" in queue
    assert "By ed1, submitted" in queue and "Please check the new sentence." in queue
    assert "Homeland Security Investigations" not in queue  # saved, not submitted
    # The title is the one of the admin's language.
    client.cookies[COOKIE] = "es"
    assert "Oficina de Responsabilidad Profesional" in client.get("/admin/").content.decode()
    del client.cookies[COOKIE]

    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert 'id="iceinfo-review-queue"' not in html  # editors do not review
    mine = html[html.index('id="iceinfo-my-drafts"') :]
    mine = mine[: mine.index("</section>")]
    assert "My drafts (2)" in mine and "Waiting for review, submitted" in mine and "Not submitted, saved" in mine
    client.force_login(other_editor)
    assert "You have no unpublished drafts." in client.get("/admin/").content.decode()


def test_publishing_a_submitted_draft_emails_its_author_and_history_credits_them(client, people, opr, mailoutbox):
    editor, publisher, _other, _other_editor = people
    client.force_login(editor)
    submit(client, opr)
    mailoutbox.clear()

    client.force_login(publisher)
    response = client.get(change_url(opr))
    assert "One more sentence" in response.context["adminform"].form["summary_en"].value()
    client.post(change_url(opr), form_data(response, review_comment="Thanks, published."))
    opr.refresh_from_db()
    assert "One more sentence" in opr.summary_en and not ContentDraft.objects.exists()
    [mail] = mailoutbox
    assert mail.to == ["ed1@example.gov"] and "Published" in mail.subject
    assert "pub1 published your changes" in mail.body and "Thanks, published." in mail.body

    record = opr.history.latest()
    assert record.history_user == publisher and record.history_change_reason == f"author:{editor.pk}"
    html = client.get(reverse("admin:directorates_directorate_history", args=[opr.pk])).content.decode()
    assert "Written by ed1" in html and "Published by pub1" in html and f"author:{editor.pk}" not in html
    # The dashboard no longer lists it.
    assert "No draft is waiting for review." in client.get("/admin/").content.decode()


def test_a_publishers_own_draft_published_credits_nobody_else(client, people, opr, mailoutbox):
    _editor, publisher, _other, _other_editor = people
    client.force_login(publisher)
    response = client.get(change_url(opr))
    client.post(change_url(opr), {**form_data(response, summary_en="<p>Mine.</p>"), "_save_draft": "Save draft"})
    response = client.get(change_url(opr))
    client.post(change_url(opr), form_data(response))
    assert not opr.history.latest().history_change_reason and not mailoutbox


def test_a_publisher_sends_a_draft_back_with_a_comment(client, people, opr, mailoutbox):
    editor, publisher, _other, other_editor = people
    client.force_login(editor)
    submit(client, opr)
    mailoutbox.clear()

    client.force_login(other_editor)  # an editor cannot send back
    response = client.post(change_url(opr), {"_send_back": "Send back", "review_comment": "No."})
    assert response.status_code == 403

    client.force_login(publisher)
    response = client.post(change_url(opr), {"_send_back": "Send back", "review_comment": "y" * 2001}, follow=True)
    assert any("too long" in text for _level, text in messages_of(response))
    assert ContentDraft.objects.get().review_state == ReviewState.SUBMITTED and not mailoutbox

    response = client.post(
        change_url(opr), {"_send_back": "Send back", "review_comment": "Please add the source."}, follow=True
    )
    draft = ContentDraft.objects.get()
    assert draft.review_state == ReviewState.RETURNED and draft.returned_by == publisher
    assert draft.return_comment == "Please add the source." and "One more sentence" in draft.data["summary_en"]
    assert any("sent back to ed1" in text for _level, text in messages_of(response))
    opr.refresh_from_db()
    assert "One more sentence" not in opr.summary_en
    [mail] = mailoutbox
    assert mail.to == ["ed1@example.gov"] and "Sent back" in mail.subject
    assert "Please add the source." in mail.body and f"http://testserver{change_url(opr)}" in mail.body

    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "Sent back by pub1" in html and "Please add the source." in html
    html = client.get(change_url(opr)).content.decode()
    assert "Sent back by pub1" in html and "Please add the source." in html
    # Submitting again puts it back in the queue.
    submit(client, opr, comment="Source added.")
    assert ContentDraft.objects.get().review_state == ReviewState.SUBMITTED


def test_send_back_without_a_draft_says_so(client, people, opr):
    client.force_login(people[1])
    response = client.post(change_url(opr), {"_send_back": "Send back", "review_comment": ""}, follow=True)
    assert response.status_code == 200
    assert any("no draft to send back" in text for _level, text in messages_of(response))


def test_emails_to_the_author_are_in_the_admin_language_they_submitted_in(client, people, opr, mailoutbox):
    editor, publisher, _other, _other_editor = people
    client.force_login(editor)
    client.cookies[COOKIE] = "es"
    submit(client, opr)
    del client.cookies[COOKIE]
    assert ContentDraft.objects.get().submitted_language == "es"
    assert "Waiting for review" in mailoutbox[0].subject  # publishers: the site's language
    mailoutbox.clear()
    client.force_login(publisher)
    client.post(change_url(opr), {"_send_back": "Send back", "review_comment": "Falta la fuente."})
    [mail] = mailoutbox
    assert mail.subject.startswith("Devuelto") and "Oficina de Responsabilidad Profesional" in mail.subject


def test_lists_mark_and_filter_items_with_changes_waiting(client, people, opr):
    editor, publisher, _other, _other_editor = people
    hsi = DirectorateFactory(name_en="Homeland Security Investigations")
    ero = DirectorateFactory(name_en="Enforcement and Removal Operations")
    client.force_login(editor)
    submit(client, opr)
    response = client.get(change_url(hsi))
    client.post(change_url(hsi), form_data(response, summary_en="<p>Not ready yet.</p>"))

    client.force_login(publisher)
    html = client.get(CHANGELIST).content.decode()
    assert html.count("iceinfo-changes-waiting") == 2
    assert "waiting for review</span>" in html and "changes waiting</span>" in html

    def names(query):
        response = client.get(CHANGELIST + query)
        assert response.status_code == 200
        return {obj.name_en for obj in response.context["cl"].result_list}

    assert names("?changes=waiting") == {opr.name_en, hsi.name_en}
    assert names("?changes=review") == {opr.name_en}
    assert names("?changes=none") == {ero.name_en}
    assert names("?changes=nonsense") == {opr.name_en, hsi.name_en, ero.name_en}
    assert "Has changes waiting" in client.get(CHANGELIST).content.decode()  # the filter is offered


def test_the_conflict_messages_see_what_changed_shows_the_other_persons_draft(client, people, opr):
    editor, _publisher, _other, other_editor = people
    client.force_login(other_editor)
    stale = client.get(change_url(opr))
    client.force_login(editor)
    submit(client, opr)
    client.force_login(other_editor)
    response = client.post(change_url(opr), form_data(stale, summary_en="<p>Mine.</p>"))
    assert response.status_code == 200
    html = response.content.decode()
    history = reverse("admin:directorates_directorate_history", args=[opr.pk])
    assert f'href="{history}#iceinfo-waiting-changes"' in html
    html = client.get(history).content.decode()
    section = html[html.index('id="iceinfo-waiting-changes"') :]
    section = section[: section.index("</section>")]
    assert "Saved by ed1" in section and "Waiting for review." in section
    assert "<ins>more sentence.</ins>" in section or "<ins>One more sentence.</ins>" in section


def test_an_editors_new_item_submitted_for_review_is_in_the_queue_until_published(client, people, mailoutbox):
    editor, publisher, _other, _other_editor = people
    topic = TopicFactory()
    client.force_login(editor)
    add = reverse("admin:news_newsrelease_add")
    response = client.get(add)
    assert ("Submit for review", "_submit_review") in submit_buttons(response.content.decode())
    data = form_data(
        response,
        title_en="Editor's release",
        slug_en="editors-release",
        date="2024-05-01",
        topic=topic.pk,
        kind="news",
        review_comment="New release for today.",
    )
    response = client.post(add, {**data, "_submit_review": "Submit for review"}, follow=True)
    assert any("Submitted for review" in text for _level, text in messages_of(response))
    release = NewsRelease.objects.get(slug_en="editors-release")
    assert release.status == Status.DRAFT
    draft = ContentDraft.objects.get()
    assert draft.review_state == ReviewState.SUBMITTED and draft.data == {} and draft.author == editor
    [mail] = mailoutbox
    assert "New release for today." in mail.body

    # The editor changes it again: the request stays (the item is not live yet).
    change = reverse("admin:news_newsrelease_change", args=[release.pk])
    response = client.get(change)
    client.post(change, form_data(response, summary_en="Changed again."))
    assert ContentDraft.objects.get().review_state == ReviewState.SUBMITTED

    client.force_login(publisher)
    html = client.get("/admin/").content.decode()
    assert f'href="{change}"' in html and "new item, never published" in html
    mailoutbox.clear()
    response = client.get(change)
    client.post(change, form_data(response, status="published"))
    release.refresh_from_db()
    assert release.status == Status.PUBLISHED and not ContentDraft.objects.exists()
    [mail] = mailoutbox
    assert mail.to == ["ed1@example.gov"] and "Published" in mail.subject
