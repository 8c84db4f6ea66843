"""Issue #21's everyday editor tasks not walked elsewhere, each in Chromium through the admin as an
Editor or a Publisher, checked on the public site afterwards: a bilingual news release scheduled a
few seconds ahead (no cron: the first request after the time shows it), an office's phone and area
changed as a draft and published, a leader with a photo (a missing photo description is a form
error that keeps what was typed), and a publisher's reorder that leaves an editor's draft alone."""

import io
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image
from playwright.sync_api import expect

from contacts.models import Coverage, FieldOffice
from directorates.models import Directorate, Leader
from news.models import NewsRelease
from tests.browser.helpers import log_in as shared_log_in
from tests.browser.helpers import set_rich_text
from tests.iceinfo.admin_helpers import staff_user

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, base, username):
    shared_log_in(page, base, username)
    expect(page.locator("#user-tools")).to_contain_text(username)


def signed_in(browser, base, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, base, username)
    return context, page


def visitor(browser):
    """A page with no cookies: what the public sees."""
    return browser.new_context().new_page()


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def tab(page, field_id):
    """Show the language tab of a translated field (modeltranslation's tabs)."""
    page.locator(f'a[href="#tab_{field_id}"]').click()
    expect(page.locator(f"#{field_id}")).to_be_visible()


def test_a_publisher_schedules_a_bilingual_news_release_and_it_appears_on_time(seeded_site, live_server, browser):
    base = live_server.url
    staff_user("publicadora", "Publishers")
    title_en, title_es = "Scheduled release for the browser test", "Comunicado programado para la prueba"
    context, page = signed_in(browser, base, "publicadora")
    page.goto(base + "/admin/news/newsrelease/add/")
    page.locator("#id_title_en").fill(title_en)
    tab(page, "id_title_es")
    page.locator("#id_title_es").fill(title_es)
    tab(page, "id_slug_es")
    page.locator("#id_slug_es").fill("comunicado-programado-prueba")
    page.locator("#id_summary_en").fill("A release written in English and Spanish and published at a set time.")
    tab(page, "id_summary_es")
    page.locator("#id_summary_es").fill("Un comunicado escrito en inglés y español, publicado a una hora fijada.")
    local_now = timezone.localtime()
    page.locator("#id_date").fill(local_now.strftime("%Y-%m-%d"))
    page.locator("#id_status").select_option("published")
    # A few seconds ahead, in the site's time zone (the admin's widgets are in it).
    at = (local_now + timedelta(seconds=30)).replace(microsecond=0)
    page.locator("#id_publish_at_0").fill(at.strftime("%Y-%m-%d"))
    page.locator("#id_publish_at_1").fill(at.strftime("%H:%M:%S"))
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    release = NewsRelease.objects.get(title_en=title_en)
    assert release.publish_at == at and not release.is_live
    context.close()

    public = visitor(browser)
    english, spanish = base + url_in("en", "news:newsrelease_list"), base + url_in("es", "news:newsrelease_list")
    public.goto(english)
    expect(public.locator("main")).not_to_contain_text(title_en)
    public.goto(spanish)
    expect(public.locator("main")).not_to_contain_text(title_es)
    assert time.time() < at.timestamp(), "the form took too long: the release was live before the first look"

    time.sleep(max(0.0, at.timestamp() - time.time()) + 1)  # wait for the scheduled time itself
    public.goto(english)
    expect(public.locator("main")).to_contain_text(title_en)
    public.goto(spanish)
    expect(public.locator("main")).to_contain_text(title_es)
    public.context.close()


def test_an_editors_new_phone_and_area_wait_for_a_publisher_then_the_locator_finds_the_office(
    seeded_site, live_server, browser
):
    base = live_server.url
    staff_user("redactor", "Editors")
    staff_user("publicadora", "Publishers")
    office = FieldOffice.objects.published().order_by("name").first()
    old_phone, new_phone = office.phone, "202-555-0147"
    public_url = base + office.get_absolute_url()
    # American Samoa (ZIP 96799) is served by no office until one's coverage names it.
    locator_url = base + url_in("en", "contacts:fieldoffice_list") + "?q=96799"
    assert not Coverage.objects.filter(state="AS").exists()
    rows = office.coverage.count()

    context, page = signed_in(browser, base, "redactor")
    page.goto(base + f"/admin/contacts/fieldoffice/{office.pk}/change/")
    page.locator("#id_phone").fill(new_phone)
    page.locator(f"#id_coverage-{rows}-state").select_option("AS")
    page.locator("input[name=_save]").click()  # "Save draft" for an Editor
    expect(page.locator(".messagelist")).to_contain_text("Saved as a draft")
    context.close()

    public = visitor(browser)
    public.goto(public_url)
    expect(public.locator("main")).to_contain_text(old_phone)
    expect(public.locator("main")).not_to_contain_text(new_phone)
    public.goto(locator_url)
    expect(public.locator("main")).to_contain_text("No ICE field office covers American Samoa")
    expect(public.locator(".iceinfo-your-office")).to_have_count(0)

    context, page = signed_in(browser, base, "publicadora")
    page.goto(base + f"/admin/contacts/fieldoffice/{office.pk}/change/")
    expect(page.locator(".iceinfo-draft-note")).to_contain_text("unpublished changes")
    expect(page.locator("#id_phone")).to_have_value(new_phone)
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    context.close()

    public.goto(public_url)
    expect(public.locator("main")).to_contain_text(new_phone)
    public.goto(locator_url)
    expect(public.locator("main h3", has_text="Your field office")).to_be_visible()
    yours = public.locator(".iceinfo-your-office")
    expect(yours).to_contain_text(office.name)
    expect(yours).to_contain_text(new_phone)
    public.context.close()


def png(width=120, height=150):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 80, 120)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_leader_with_a_photo_needs_a_description_and_keeps_what_was_typed(
    seeded_site, live_server, browser, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    base = live_server.url
    staff_user("publicadora", "Publishers")
    directorate = Directorate.objects.get(acronym="HSI")
    photo = {"name": "leader.png", "mimeType": "image/png", "buffer": png()}
    context, page = signed_in(browser, base, "publicadora")
    page.goto(base + "/admin/directorates/leader/add/")
    page.locator("#id_name").fill("Test Leader Name")
    page.locator("#id_title_en").fill("Test Deputy Director")
    tab(page, "id_title_es")
    page.locator("#id_title_es").fill("Subdirectora de prueba")
    page.locator("#id_directorate").select_option(str(directorate.pk))
    page.locator("#id_status").select_option("published")
    page.locator("#id_photo").set_input_files(photo)
    page.locator("input[name=_save]").click()

    # A form error on the description, not a 500, and the typed values are still in the form.
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".errorlist")).to_contain_text("Describe the photo")
    expect(page.locator("#id_name")).to_have_value("Test Leader Name")
    expect(page.locator("#id_slug")).to_have_value("test-leader-name")
    expect(page.locator("#id_title_en")).to_have_value("Test Deputy Director")
    expect(page.locator("#id_title_es")).to_have_value("Subdirectora de prueba")
    expect(page.locator("#id_directorate")).to_have_value(str(directorate.pk))
    assert not Leader.objects.filter(name="Test Leader Name").exists()

    page.locator("#id_photo_alt_en").fill("Portrait of the test leader")
    tab(page, "id_photo_alt_es")
    page.locator("#id_photo_alt_es").fill("Retrato de la líder de prueba")
    # Browsers never refill a file input, but the photo she chose is kept: the form says so, and saves it.
    expect(page.locator(".iceinfo-kept-upload")).to_contain_text("leader.png")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    leader = Leader.objects.get(name="Test Leader Name")
    assert leader.photo and leader.is_live

    # The list shows a thumbnail of the photo.
    leader_row = page.locator("#result_list tbody tr", has=page.get_by_role("link", name="Test Leader Name"))
    thumbnail = leader_row.locator("img.iceinfo-thumbnail--list")
    expect(thumbnail).to_have_attribute("src", leader.photo.url)
    context.close()

    # The leadership page shows the photo with its description in each language.
    public = visitor(browser)
    for language, alt in (("en", "Portrait of the test leader"), ("es", "Retrato de la líder de prueba")):
        public.goto(base + url_in(language, "directorates:leader_list"))
        image = public.locator(f'main img[src="{leader.photo.url}"]')
        expect(image).to_have_attribute("alt", alt)
    public.context.close()


def test_a_publishers_reorder_keeps_an_editors_waiting_draft(seeded_site, live_server, browser):
    base = live_server.url
    staff_user("redactora", "Editors")
    staff_user("publicadora", "Publishers")
    opr = Directorate.objects.get(acronym="OPR")
    sentence = "A sentence the editor added while the list was reordered."
    change_path = f"/admin/directorates/directorate/{opr.pk}/change/"
    order_before = list(Directorate.objects.order_by("order").values_list("acronym", flat=True))
    position = order_before.index("OPR")
    assert position > 0

    context, page = signed_in(browser, base, "redactora")
    page.goto(base + change_path)
    set_rich_text(page, "id_summary_en", f"{opr.summary_en}<p>{sentence}</p>")
    page.locator("input[name=_save]").click()  # "Save draft"
    expect(page.locator(".messagelist")).to_contain_text("Saved as a draft")
    context.close()

    context, page = signed_in(browser, base, "publicadora")
    page.goto(base + "/admin/directorates/directorate/")
    row = page.locator("#result_list tbody tr", has=page.get_by_role("link", name=opr.name_en, exact=True))
    row.get_by_role("button", name=f"Move up: {opr.name_en}", exact=True).click()
    page.locator("#changelist-form input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("items were saved")
    order_after = list(Directorate.objects.order_by("order").values_list("acronym", flat=True))
    assert order_after.index("OPR") == position - 1

    # The Editor's draft is still there: the change form holds it, and her home page lists it.
    page.goto(base + change_path)
    expect(page.locator(".iceinfo-draft-note")).to_contain_text("unpublished changes")
    assert sentence in page.locator("#id_summary_en").input_value()
    context.close()
    context, page = signed_in(browser, base, "redactora")
    expect(page.locator("#iceinfo-my-drafts")).to_contain_text(opr.name_en)
    context.close()

    # The public site has the new order and not yet the draft.
    public = visitor(browser)
    public.goto(base + opr.get_absolute_url())
    expect(public.locator("main")).not_to_contain_text(sentence)
    public.goto(base + url_in("en", "directorates:directorate_list"))
    names = public.locator("main").inner_text()
    above = Directorate.objects.get(acronym=order_before[position - 1]).name_en
    assert names.index(opr.name_en) < names.index(above)
    public.context.close()
