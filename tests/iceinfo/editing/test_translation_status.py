import pytest
from django.utils import translation

from iceinfo.models import Page, Status


@pytest.mark.django_db
def test_translation_status_counts_missing_translations(admin_client):
    Page.objects.create(title_en="Only English", slug_en="only-english", status=Status.PUBLISHED)
    Page.objects.create(title_en="Both", title_es="Ambos", slug_en="both", slug_es="ambos", status=Status.PUBLISHED)
    Page.objects.create(title_en="Draft", slug_en="draft", status=Status.DRAFT)
    response = admin_client.get("/admin/translation-status/")
    assert response.status_code == 200
    rows = {row["model"]: row for row in response.context["rows"]}
    pages = rows["pages"]
    assert pages["total"] == 2  # drafts are not counted
    cells = {cell["code"]: cell for cell in pages["cells"]}
    assert cells["es"]["missing"] == 1  # "Only English" lacks Spanish title and slug
    assert cells["fr"]["missing"] == 2
    assert "id__in=" in cells["es"]["link"]
    # the link opens exactly those items in the admin list
    listing = admin_client.get(cells["es"]["link"])
    assert listing.status_code == 200
    assert "Only English" in listing.content.decode() and "Ambos" not in listing.content.decode()


@pytest.mark.django_db
def test_translation_status_needs_staff(client):
    response = client.get("/admin/translation-status/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_a_translation_older_than_its_english_is_out_of_date_in_every_language(admin_client):
    page = Page.objects.create(title_en="Check in", title_es="Reportarse", title_fr="Se présenter",
                               slug_en="check-in", status=Status.PUBLISHED)
    Page.objects.create(title_en="Untouched", title_es="Intacta", slug_en="untouched", status=Status.PUBLISHED)

    def cells():
        rows = {row["model"]: row for row in admin_client.get("/admin/translation-status/").context["rows"]}
        return {cell["code"]: cell for cell in rows["pages"]["cells"]}

    assert cells()["es"]["stale"] == 0
    page.title_en = "Check in with ICE"
    page.save()
    after = cells()
    assert after["es"]["stale"] == 1 and after["fr"]["stale"] == 1
    assert after["vi"]["stale"] == 0  # never translated: missing, not out of date
    assert f"id__in={page.pk}" in after["es"]["stale_link"]
    page.title_es = "Reportarse con ICE"  # the Spanish catches up; French stays behind
    page.save()
    caught_up = cells()
    assert caught_up["es"]["stale"] == 0 and caught_up["fr"]["stale"] == 1
    assert "1 out of date" in admin_client.get("/admin/translation-status/").content.decode()


@pytest.mark.django_db
def test_the_preview_tells_the_editor_which_fields_are_out_of_date(admin_client):
    page = Page.objects.create(title_en="Check in", title_es="Reportarse", body_en="<p>One.</p>",
                               body_es="<p>Uno.</p>", slug_en="check-in", status=Status.PUBLISHED)
    page.body_en = "<p>One, and two.</p>"
    page.save()
    spanish = admin_client.get(f"/admin/iceinfo/page/{page.pk}/preview/?language=es").content.decode()
    notice = spanish.split("iceinfo-stale-notice")[1].split("</p>")[0]
    with translation.override("es"):
        body, title = str(Page._meta.get_field("body").verbose_name), str(Page._meta.get_field("title").verbose_name)
    assert body in notice and title not in notice
    english = admin_client.get(f"/admin/iceinfo/page/{page.pk}/preview/?language=en").content.decode()
    assert "iceinfo-stale-notice" not in english


@pytest.mark.django_db
def test_the_status_page_is_in_the_admin_menu(admin_client):
    assert 'href="/admin/translation-status/"' in admin_client.get("/admin/").content.decode()
