"""What the browser tests share: the staff password, signing in, watching for CSP violations, and
driving the admin's rich-text editor (django-prose-editor)."""

from playwright.sync_api import expect

from tests.helpers import PASSWORD  # noqa: F401  (the browser tests import it from here too)

# Put on a page with page.add_init_script; read window.__cspViolations afterwards.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def public_text(browser, url):
    """The text of ``url``'s main element as a visitor sees it (a fresh context: no cookies)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        return page.locator("main").inner_text()
    finally:
        context.close()


def log_in(page, base, username, password=PASSWORD):
    page.goto(base + "/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("input[type=submit]").click()


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
