import pytest

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
