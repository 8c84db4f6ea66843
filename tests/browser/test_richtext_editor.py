"""The admin's rich-text editor in a real browser: an Editor (not a superuser) formats the English
and Spanish bodies of a page with the toolbar, saves, and the formatting is stored; the toolbar offers
only what the sanitiser keeps; nothing breaks the Content Security Policy."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from iceinfo.models import Page, Status
from tests.browser.helpers import CSP_WATCH, log_in, rich_text_editor, set_rich_text
from tests.factories import PageFactory, SiteSettingsFactory
from tests.iceinfo.admin_helpers import staff_user

pytestmark = pytest.mark.django_db(transaction=True)

# Toolbar buttons (django-prose-editor's data-name) for exactly what iceinfo.richtext keeps; the
# table tools ("table:addRowAfter", ...) appear inside a table.
TOOLBAR = {
    "heading2", "heading3", "heading4", "paragraph", "bulletList", "orderedList", "blockquote",
    "horizontalRule", "bold", "italic", "code", "link", "unlink", "table", "history:undo", "history:redo", "html",
}


def test_editor_bolds_links_and_saves_in_english_and_spanish_without_csp_violations(live_server, page):
    SiteSettingsFactory()
    draft = PageFactory(status=Status.DRAFT, body_en="<p>Body.</p>", body_es="<p>Cuerpo.</p>")
    staff_user("editora", "Editors")
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(CSP_WATCH)
    log_in(page, live_server.url, "editora")
    page.goto(live_server.url + reverse("admin:iceinfo_page_change", args=[draft.pk]))

    words = {"en": "Bold English words", "es": "Palabras en negrita"}
    for language, text in words.items():
        page.locator(f'a[href="#tab_id_body_{language}"]').click()
        editor = rich_text_editor(page, f"id_body_{language}")
        content = editor.locator(".ProseMirror[contenteditable=true]")
        expect(content).to_be_visible()
        expect(page.locator(f"#id_body_{language}")).to_be_hidden()  # the editor replaces the textarea
        expect(content).to_have_attribute("aria-label", f"Body [{language}]")  # named by the field's label
        names = set(editor.locator(".prose-menubar [data-name]").evaluate_all("els => els.map(e => e.dataset.name)"))
        assert {name for name in names if not name.startswith("table:")} == TOOLBAR
        content.click()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type(text)
        page.keyboard.press("ControlOrMeta+a")
        editor.get_by_role("button", name="bold", exact=True).click()
        expect(content.locator("strong")).to_have_text(text)

    # A link in the Spanish text: no target or rel (the sanitiser keeps neither).
    editor = rich_text_editor(page, "id_body_es")
    editor.get_by_role("button", name="insert link", exact=True).click()
    dialog = page.locator("dialog[open]")
    dialog.locator("input[name=href]").fill("https://www.ice.gov/")
    dialog.locator("button[type=submit]").click()
    value = page.locator("#id_body_es").input_value()
    assert 'href="https://www.ice.gov/"' in value
    assert "target=" not in value and "rel=" not in value

    assert page.evaluate("window.__cspViolations") == []
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    draft.refresh_from_db()
    assert draft.body_en == "<p><strong>Bold English words</strong></p>"
    assert "<strong>Palabras en negrita</strong>" in draft.body_es
    assert '<a href="https://www.ice.gov/">' in draft.body_es

    # The form comes back with the editors showing the saved text.
    expect(rich_text_editor(page, "id_body_en").locator(".ProseMirror strong")).to_have_text(words["en"])
    assert page.evaluate("window.__cspViolations") == []
    assert not [text for text in console if "Content Security Policy" in text], console


def test_html_dialog_and_markup_the_editor_cannot_show(live_server, page):
    SiteSettingsFactory()
    draft = PageFactory(
        status=Status.DRAFT,
        body_en="<p>Intro.</p>",
        body_es='<table><caption>Campos</caption><tr><th scope="col">Campo</th></tr></table>',
    )
    staff_user("editora", "Editors")
    page.add_init_script(CSP_WATCH)
    log_in(page, live_server.url, "editora")
    page.goto(live_server.url + reverse("admin:iceinfo_page_change", args=[draft.pk]))

    # The attributes the sanitiser keeps survive the editor: lang, hreflang, scope.
    set_rich_text(page, "id_body_en", '<h2>Title</h2><p lang="es">Hola <a href="https://sam.gov/" hreflang="en">'
                  "SAM.gov</a></p><table><tr><th scope=\"col\">A</th></tr><tr><td>1</td></tr></table>")
    # A caption would be lost in the editor: the Spanish body is a plain HTML textarea instead.
    page.locator('a[href="#tab_id_body_es"]').click()
    plain = page.locator("#id_body_es")
    expect(plain).to_be_visible()
    expect(rich_text_editor(page, "id_body_es")).to_have_count(0)
    plain.fill(plain.input_value().replace("Campos", "Campos del archivo"))
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    saved = Page.objects.get(pk=draft.pk)
    for kept in ("<h2>Title</h2>", '<p lang="es">', 'hreflang="en"', '<th scope="col">', "<td>"):
        assert kept in saved.body_en, kept
    assert "<caption>Campos del archivo</caption>" in saved.body_es
    assert page.evaluate("window.__cspViolations") == []
