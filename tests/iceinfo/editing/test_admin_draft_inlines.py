"""Drafts of live items keep their inline rows too (a field office's coverage): an editor's save leaves
the live rows, the locator and the search index alone; the form and the preview show the draft's
rows; a publisher's save applies them (with history); discarding the draft drops them."""

import pytest
from django.urls import reverse

from contacts.models import Coverage
from iceinfo.editing import drafts as editing
from iceinfo.models import ContentDraft, SearchDocument
from tests.contacts.factories import CoverageFactory, FieldOfficeFactory
from tests.factories import SiteSettingsFactory
from tests.iceinfo.admin_helpers import form_data, staff_user

pytestmark = pytest.mark.django_db


def change_url(office):
    return reverse("admin:contacts_fieldoffice_change", args=[office.pk])


def coverage_of(office):
    return sorted(Coverage.objects.filter(office=office).values_list("state", "county"))


def live_in_state(client, office, state):
    """Whether the public locator lists ``office`` for ``state``."""
    client.logout()
    html = client.get(reverse("contacts:fieldoffice_list"), {"state": state}).content.decode()
    return office.name_en in html


def coverage_forms(response):
    (inline,) = [i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "coverage"]
    return inline.formset.forms


@pytest.fixture
def office():
    SiteSettingsFactory()
    office = FieldOfficeFactory(name_en="Houston Field Office")
    CoverageFactory(office=office, state="NM")
    CoverageFactory(office=office, state="TX")
    return office


def test_editor_coverage_change_is_a_draft_until_a_publisher_publishes(client, office):
    editor = staff_user("editor", "Editors")
    index_before = list(SearchDocument.objects.order_by("pk").values())
    history_before = Coverage.history.count()
    assert not live_in_state(client, office, "OK")

    # The editor changes a county and adds Oklahoma (forms: NM, TX, then the empty extra one).
    client.force_login(editor)
    response = client.get(change_url(office))
    response = client.post(
        change_url(office),
        form_data(response, **{"coverage-1-county": "Harris", "coverage-2-state": "OK"}),
        follow=True,
    )
    html = response.content.decode()
    assert "Saved as a draft" in html and "cannot be kept in a draft" not in html

    # Nothing live moved: rows, history, search index, the public locator.
    assert coverage_of(office) == [("NM", ""), ("TX", "")]
    assert Coverage.history.count() == history_before
    assert list(SearchDocument.objects.order_by("pk").values()) == index_before
    assert not live_in_state(client, office, "OK")
    entry = ContentDraft.objects.get().data[editing.INLINES_KEY]["coverage"]
    tx = Coverage.objects.get(office=office, state="TX")
    assert entry["changed"] == {str(tx.pk): {"county": "Harris"}}
    assert entry["added"] == [{"state": "OK", "county": ""}] and entry["deleted"] == []

    # Reopened, the form shows the draft's rows (and one empty row to add another).
    client.force_login(editor)
    response = client.get(change_url(office))
    forms = coverage_forms(response)
    assert [(f["state"].value(), f["county"].value()) for f in forms] == [
        ("NM", ""), ("TX", "Harris"), ("OK", ""), (None, None)
    ]

    # A second draft save (another field changed) keeps the rows, still relative to the live ones.
    response = client.post(change_url(office), form_data(response, notes_en="New note."))
    assert response.status_code == 302
    draft = ContentDraft.objects.get()
    assert draft.data[editing.INLINES_KEY]["coverage"] == entry and draft.data["notes_en"] == "New note."
    assert coverage_of(office) == [("NM", ""), ("TX", "")]

    # The preview is the office page with the draft's coverage.
    html = client.get(reverse("admin:contacts_fieldoffice_preview", args=[office.pk])).content.decode()
    assert "Oklahoma" in html and "Harris" in html and "New note." in html
    assert "Oklahoma" not in client.get(office.get_absolute_url()).content.decode()

    # A publisher opens the item (the draft in the form) and saves: the rows are live, with history.
    publisher = staff_user("publisher", "Publishers")
    client.force_login(publisher)
    response = client.get(change_url(office))
    response = client.post(change_url(office), form_data(response))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert coverage_of(office) == [("NM", ""), ("OK", ""), ("TX", "Harris")]
    assert not ContentDraft.objects.exists()
    office.refresh_from_db()
    assert office.notes_en == "New note."
    changes = {(h.state, h.county, h.history_type, h.history_user_id) for h in Coverage.history.all()[:2]}
    assert changes == {("OK", "", "+", publisher.pk), ("TX", "Harris", "~", publisher.pk)}
    assert live_in_state(client, office, "OK")


def test_discarding_the_draft_drops_its_rows(client, office):
    client.force_login(staff_user("editor", "Editors"))
    response = client.get(change_url(office))
    client.post(change_url(office), form_data(response, **{"coverage-2-state": "OK"}))
    assert editing.INLINES_KEY in ContentDraft.objects.get().data
    response = client.get(change_url(office))
    client.post(change_url(office), form_data(response, _discard_draft="1"))
    assert not ContentDraft.objects.exists()
    response = client.get(change_url(office))
    assert [f["state"].value() for f in coverage_forms(response)] == ["NM", "TX", None]
    html = client.get(reverse("admin:contacts_fieldoffice_preview", args=[office.pk])).content.decode()
    assert "Oklahoma" not in html and "New Mexico" in html
    assert coverage_of(office) == [("NM", ""), ("TX", "")]


def test_a_deletion_kept_in_a_draft_survives_an_editor_and_is_applied_on_publish(client, office):
    publisher = staff_user("publisher", "Publishers")
    client.force_login(publisher)
    response = client.get(change_url(office))
    client.post(change_url(office), form_data(response, **{"coverage-0-DELETE": "on", "_save_draft": "1"}))
    assert coverage_of(office) == [("NM", ""), ("TX", "")]
    nm = Coverage.objects.get(office=office, state="NM")
    assert ContentDraft.objects.get().data[editing.INLINES_KEY]["coverage"]["deleted"] == [str(nm.pk)]
    html = client.get(reverse("admin:contacts_fieldoffice_preview", args=[office.pk])).content.decode()
    assert "New Mexico" not in html and "Texas" in html

    # An editor (who cannot tick "delete") does not see the row, and their draft save keeps the deletion.
    client.force_login(staff_user("editor", "Editors"))
    response = client.get(change_url(office))
    assert [f["state"].value() for f in coverage_forms(response)] == ["TX", None]
    client.post(change_url(office), form_data(response, **{"coverage-0-county": "Harris"}))
    entry = ContentDraft.objects.get().data[editing.INLINES_KEY]["coverage"]
    assert entry["deleted"] == [str(nm.pk)] and list(entry["changed"].values()) == [{"county": "Harris"}]
    assert coverage_of(office) == [("NM", ""), ("TX", "")]

    # The publisher sees the row ticked for deletion; saving deletes it.
    client.force_login(publisher)
    response = client.get(change_url(office))
    forms = coverage_forms(response)
    assert forms[0]["state"].value() == "NM" and forms[0]["DELETE"].value() is True
    client.post(change_url(office), form_data(response))
    assert coverage_of(office) == [("TX", "Harris")]
    assert Coverage.history.filter(state="NM", history_type="-").exists()
    assert not ContentDraft.objects.exists()


def test_a_draft_of_a_row_removed_since_is_ignored(client, office):
    client.force_login(staff_user("editor", "Editors"))
    response = client.get(change_url(office))
    client.post(change_url(office), form_data(response, **{"coverage-0-county": "Bernalillo"}))
    Coverage.objects.filter(office=office, state="NM").delete()
    response = client.get(change_url(office))
    assert [f["state"].value() for f in coverage_forms(response)] == ["TX", None]
    html = client.get(reverse("admin:contacts_fieldoffice_preview", args=[office.pk])).content.decode()
    assert "Bernalillo" not in html and "Texas" in html


def test_changelist_order_edits_by_an_editor_keep_live_items_as_drafts(client, office):
    from iceinfo.models import Status

    unpublished = FieldOfficeFactory(status=Status.DRAFT)
    client.force_login(staff_user("editor", "Editors"))
    changelist = reverse("admin:contacts_fieldoffice_changelist")
    formset = client.get(changelist).context["cl"].formset
    data = {f"form-{key}": value for key, value in formset.management_form.initial.items()}
    for index, form in enumerate(formset.forms):
        data[f"form-{index}-id"] = str(form.instance.pk)
        data[f"form-{index}-order"] = str(100 + index)
    response = client.post(changelist, {**data, "_save": "Save"})
    assert response.status_code == 302
    office.refresh_from_db()
    unpublished.refresh_from_db()
    assert office.order < 100 and ContentDraft.objects.get().object_id == office.pk  # live: a draft
    assert unpublished.order >= 100  # not live: saved
    assert coverage_of(office) == [("NM", ""), ("TX", "")]
