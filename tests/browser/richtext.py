"""Driving the admin's rich-text editor (django-prose-editor) from Playwright."""

from playwright.sync_api import expect


def rich_text_editor(page, field_id):
    """The editor that stands in for the textarea ``field_id``."""
    return page.locator(f".prose-editor:has(#{field_id})")


def set_rich_text(page, field_id, html):
    """Replace the text of a rich-text field the way an editor can: through the editor's HTML dialog."""
    rich_text_editor(page, field_id).locator("button[data-name=html]").click()
    dialog = page.locator("dialog[open]")
    dialog.locator("textarea").fill(html)
    dialog.locator("button[type=submit]").click()
    expect(dialog).to_have_count(0)
