"""The editors' admin: roles, publishing rights, drafts of live items, optimistic locking, preview,
history diff and revert, and the content version bump that makes a save visible at once."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone, translation

from directorates.models import Directorate
from iceinfo.models import ContentDraft, Status
from iceinfo.serving import cache
from tests.factories import DirectorateFactory, PageFactory, SiteSettingsFactory
from tests.helpers import change_url
from tests.iceinfo.admin_helpers import form_data, setup_roles, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = staff_user("editor", "Editors")
    client.force_login(user)
    return client


@pytest.fixture
def publisher(client):
    user = staff_user("publisher", "Publishers")
    client.force_login(user)
    return client


@pytest.fixture
def directorate():
    SiteSettingsFactory()
    return DirectorateFactory(summary_en="<p>English summary.</p>", summary_es="<p>Resumen publicado.</p>")


# --- roles -----------------------------------------------------------------------------------------
def test_setup_roles_is_idempotent_and_grants_the_right_things():
    setup_roles()
    setup_roles()
    assert Group.objects.filter(name__in=["Editors", "Publishers", "Site administrators"]).count() == 3
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    publishers = set(Group.objects.get(name="Publishers").permissions.values_list("codename", flat=True))
    admins = set(Group.objects.get(name="Site administrators").permissions.values_list("codename", flat=True))
    assert {"change_directorate", "add_page", "view_fieldoffice"} <= editors
    assert not any(code.startswith("delete_") for code in editors)
    assert "publish_content" not in editors
    assert {"publish_content", "delete_directorate", "delete_page"} <= publishers
    assert {"change_user", "change_group", "change_sitesettings"} <= admins
    assert "change_directorate" not in admins
    assert Permission.objects.filter(codename="publish_content").count() == 1


def test_editor_cannot_delete(editor, directorate):
    url = reverse("admin:directorates_directorate_delete", args=[directorate.pk])
    assert editor.get(url).status_code == 403
    assert editor.post(url, {"post": "yes"}).status_code == 403
    assert Directorate.objects.filter(pk=directorate.pk).exists()


def test_publisher_can_delete(publisher, directorate):
    url = reverse("admin:directorates_directorate_delete", args=[directorate.pk])
    assert publisher.post(url, {"post": "yes"}).status_code == 302
    assert not Directorate.objects.filter(pk=directorate.pk).exists()


def test_editor_sees_status_read_only_and_cannot_publish_by_posting_it(editor):
    SiteSettingsFactory()
    add = reverse("admin:directorates_directorate_add")
    response = editor.get(add)
    assert 'name="status"' not in response.content.decode()
    data = form_data(response, name_en="New office", acronym="NEW", slug_en="new-office", status="published",
                     publish_at_0="2020-01-01", publish_at_1="00:00")
    response = editor.post(add, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    created = Directorate.objects.get(acronym="NEW")
    assert created.status == Status.DRAFT and created.publish_at is None


def test_editor_change_to_draft_item_saves_directly_but_keeps_status(editor):
    SiteSettingsFactory()
    draft = DirectorateFactory(status=Status.DRAFT)
    response = editor.get(change_url(draft))
    editor.post(change_url(draft), form_data(response, summary_es="<p>Nuevo.</p>", status="published"))
    draft.refresh_from_db()
    assert draft.summary_es == "<p>Nuevo.</p>" and draft.status == Status.DRAFT and draft.version == 2


# --- drafts of live items, publish, preview ---------------------------------------------------------
def test_editor_change_to_live_item_is_a_draft_until_a_publisher_publishes(client, directorate):
    editor_user = staff_user("editor", "Editors")
    client.force_login(editor_user)
    response = client.get(change_url(directorate))
    response = client.post(change_url(directorate), form_data(response, summary_es="<p>Resumen nuevo.</p>"),
                           follow=True)
    assert "Saved as a draft" in response.content.decode()
    directorate.refresh_from_db()
    assert directorate.summary_es == "<p>Resumen publicado.</p>" and directorate.version == 1
    assert ContentDraft.objects.count() == 1
    client.logout()
    with translation.override("es"):
        public = directorate.get_absolute_url()
    html = client.get(public).content.decode()
    assert "Resumen publicado." in html and "Resumen nuevo." not in html

    # The editor (and anyone with change rights) previews the draft in the site's frame.
    client.force_login(editor_user)
    preview = reverse("admin:directorates_directorate_preview", args=[directorate.pk])
    response = client.get(preview + "?language=es")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Resumen nuevo." in html and "iceinfo-preview-banner" in html and 'lang="es"' in html
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    # The change form shows the draft, with a note.
    # (saved in an afternoon: "5:10 p.m." is never followed by the sentence's own period)
    saved = timezone.make_aware(datetime.datetime(2026, 12, 4, 17, 10))
    ContentDraft.objects.update(updated_at=saved)
    html = client.get(change_url(directorate)).content.decode()
    assert "Resumen nuevo." in html and "unpublished changes" in html
    note = html[html.index("iceinfo-draft-note"):]
    note = note[: note.index("</p>")]
    assert "5:10 p.m." in note and ".." not in note, note

    # A publisher opens the item (draft loaded in the form) and saves: published, draft gone.
    client.force_login(staff_user("publisher", "Publishers"))
    response = client.get(change_url(directorate))
    response = client.post(change_url(directorate), form_data(response))
    assert response.status_code == 302
    directorate.refresh_from_db()
    assert directorate.summary_es == "<p>Resumen nuevo.</p>" and directorate.version == 2
    assert not ContentDraft.objects.exists()


def test_public_page_shows_published_not_draft(client, directorate):
    with translation.override("es"):
        spanish = directorate.get_absolute_url()
    editor = staff_user("editor", "Editors")
    client.force_login(editor)
    response = client.get(change_url(directorate))
    client.post(change_url(directorate), form_data(response, summary_es="<p>Borrador.</p>"))
    client.logout()
    html = client.get(spanish).content.decode()
    assert "Resumen publicado." in html and "Borrador." not in html


def test_preview_needs_change_permission(client, directorate):
    preview = reverse("admin:directorates_directorate_preview", args=[directorate.pk])
    assert client.get(preview).status_code == 302  # anonymous: to the login page
    viewer = staff_user("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_directorate"))
    client.force_login(viewer)
    assert client.get(preview).status_code == 403


def test_preview_of_a_draft_page(admin_client):
    SiteSettingsFactory()
    page = PageFactory(status=Status.DRAFT, body_en="<p>Not yet public.</p>")
    assert admin_client.get(page.get_absolute_url()).status_code in (302, 404)
    response = admin_client.get(reverse("admin:iceinfo_page_preview", args=[page.pk]))
    assert response.status_code == 200
    assert "Not yet public." in response.content.decode() and "Preview" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_discard_draft(editor, directorate):
    response = editor.get(change_url(directorate))
    editor.post(change_url(directorate), form_data(response, summary_es="<p>Borrador.</p>"))
    assert ContentDraft.objects.count() == 1
    response = editor.get(change_url(directorate))
    editor.post(change_url(directorate), form_data(response, _discard_draft="1"))
    assert not ContentDraft.objects.exists()


# --- optimistic locking -----------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["Publishers", "Editors"])
def test_second_save_of_the_same_item_is_refused_and_nothing_is_lost(client, directorate, role):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(staff_user("first", role))
    second.force_login(staff_user("second", role))
    form_first = first.get(change_url(directorate))
    form_second = second.get(change_url(directorate))
    assert first.post(change_url(directorate), form_data(form_first, summary_es="<p>Primero.</p>")).status_code == 302
    response = second.post(change_url(directorate), form_data(form_second, summary_es="<p>Segundo.</p>"))
    assert response.status_code == 200  # the form again, with an error
    html = response.content.decode()
    assert "Someone else saved this item" in html
    assert f'href="{change_url(directorate)}"' in html  # a link to the current version
    assert "Segundo." in html  # what the second editor typed is still in the form
    directorate.refresh_from_db()
    if role == "Publishers":
        assert directorate.summary_es == "<p>Primero.</p>" and directorate.version == 2
    else:
        draft = ContentDraft.objects.get()
        assert "Primero." in draft.data["summary_es"] and draft.revision == 1


def test_each_save_increments_the_version(admin_client, directorate):
    for expected in (2, 3):
        response = admin_client.get(change_url(directorate))
        admin_client.post(change_url(directorate), form_data(response, summary_en=f"<p>v{expected}</p>"))
        directorate.refresh_from_db()
        assert directorate.version == expected


# --- history: diff and revert -----------------------------------------------------------------------
def test_history_shows_a_readable_diff_and_revert_restores(admin_client, directorate):
    response = admin_client.get(change_url(directorate))
    admin_client.post(change_url(directorate), form_data(response, summary_es="<p>Cambiado.</p>"))
    history = reverse("admin:directorates_directorate_history", args=[directorate.pk])
    html = admin_client.get(history).content.decode()
    assert "Cambiado." in html and "Resumen publicado." in html  # old -> new in the Changes column
    oldest = directorate.history.order_by("history_date").first()
    revert_url = reverse("admin:directorates_directorate_simple_history", args=[directorate.pk, oldest.pk])
    response = admin_client.get(revert_url)
    assert response.status_code == 200 and 'name="edit_token"' in response.content.decode()
    response = admin_client.post(revert_url, form_data(response))
    assert response.status_code == 302
    directorate.refresh_from_db()
    assert directorate.summary_es == "<p>Resumen publicado.</p>" and directorate.version == 3


def test_editor_revert_of_a_live_item_becomes_a_draft(client, directorate):
    directorate.summary_es = "<p>Segunda versión.</p>"
    directorate.save()
    client.force_login(staff_user("editor", "Editors"))
    oldest = directorate.history.order_by("history_date").first()
    revert_url = reverse("admin:directorates_directorate_simple_history", args=[directorate.pk, oldest.pk])
    response = client.get(revert_url)
    client.post(revert_url, form_data(response))
    directorate.refresh_from_db()
    assert directorate.summary_es == "<p>Segunda versión.</p>"
    assert "Resumen publicado." in ContentDraft.objects.get().data["summary_es"]


def test_editor_cannot_publish_by_reverting_a_draft_to_a_once_published_version(client, directorate):
    """Issue #23: the revert form carries the old version's status and schedule; for an editor the server
    keeps the stored ones, so reverting an unpublished item to its published version does not publish it."""
    with translation.override("es"):
        spanish = directorate.get_absolute_url()
    directorate.status = Status.DRAFT  # a publisher took it offline
    directorate.save()
    assert client.get(spanish).status_code == 404
    client.force_login(staff_user("editor", "Editors"))
    published = directorate.history.filter(status=Status.PUBLISHED).order_by("history_date").first()
    revert_url = reverse("admin:directorates_directorate_simple_history", args=[directorate.pk, published.pk])
    response = client.get(revert_url)
    assert client.post(revert_url, form_data(response, summary_es="<p>Revertido.</p>")).status_code == 302
    directorate.refresh_from_db()
    assert directorate.summary_es == "<p>Revertido.</p>"  # the editor's change was saved...
    assert directorate.status == Status.DRAFT and directorate.publish_at is None  # ...but not published
    client.logout()
    assert client.get(spanish).status_code == 404


def test_a_save_that_loses_the_race_after_the_form_check_is_refused(admin_client, directorate):
    """Issue #23: two saves pass the form's edit-token check at the same moment; the second to claim the
    next version is refused (EditConflict) and writes nothing. The other save is made to land
    just before this one's claim, through Django's query hooks (nothing of ours is replaced)."""
    from django.db import connection
    from django.db.models import F

    response = admin_client.get(change_url(directorate))
    raced = []

    def other_save_lands_first(execute, sql, params, many, context):
        if not raced and sql.startswith("UPDATE") and '"version" = (' in sql:  # this save's claim
            raced.append(sql)
            Directorate.objects.filter(pk=directorate.pk).update(
                summary_es="<p>El otro guardó.</p>", version=F("version") + 1
            )
        return execute(sql, params, many, context)

    with connection.execute_wrapper(other_save_lands_first):
        response = admin_client.post(change_url(directorate), form_data(response, summary_es="<p>Mío.</p>"),
                                     follow=True)
    assert raced, "the save never claimed a version"
    assert "Someone else saved this item at the same moment" in response.content.decode()
    directorate.refresh_from_db()
    # Nothing of this save was written. (The other save ran inside this request's transaction here, so the
    # refusal rolled it back too; in real life it is another transaction, already committed.)
    assert directorate.summary_es == "<p>Resumen publicado.</p>" and directorate.version == 1


# --- every change visible at the next request -------------------------------------------------------
def test_admin_save_bumps_the_content_version_and_the_public_page_changes(client, admin_client, directorate):
    with translation.override("es"):
        spanish = directorate.get_absolute_url()
    assert "Resumen publicado." in client.get(spanish).content.decode()  # now in the page cache too
    before = cache.content_version()
    response = admin_client.get(change_url(directorate))
    admin_client.post(change_url(directorate), form_data(response, summary_es="<p>Cambio visible.</p>"))
    assert cache.content_version() > before
    html = client.get(spanish).content.decode()
    assert "Cambio visible." in html
