"""The editors' rich-text widget: django-prose-editor (Tiptap/ProseMirror) in the admin.

The toolbar offers exactly what ``iceinfo.richtext.sanitize_html`` keeps, so what an editor sees is
what visitors get. The sanitiser stays the authority: it still cleans every save.

Two things make it work under our Content Security Policy (no inline script or style):

* the widget's media holds an inline ``<script type="importmap">``. The admin renders the form's
  media with the request's CSP nonce (``media_with_nonce``, called by ``ContentAdmin``), and
  ``script-src`` allows that nonce. Pages that never read the nonce (the public site) get none.
* Tiptap injects a ``<style>`` element by default. Our preset (``static/js/richtext-editor.js``)
  turns that off and ``static/css/richtext-editor.css`` ships the same rules as a file.

Stored HTML that the editor cannot show without dropping something the sanitiser keeps (a table
caption, an ``<abbr>``, an h5) is shown in a plain HTML textarea instead, so nothing is lost.
"""

from django.forms.widgets import Script
from django.utils.html import format_html
from django.utils.translation import gettext
from django_prose_editor.config import allowlist_from_extensions
from django_prose_editor.widgets import AdminProseEditorWidget, prose_editor_admin_media, prose_editor_js
from js_asset import Media

from iceinfo.editing.chooser import chooser_attrs
from iceinfo.richtext import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, RichTextField, sanitize_html

PRESET = "iceinfo"

#: The editor's extensions (django-prose-editor names): the toolbar and the schema.
EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},  # the page title is the h1
    "Bold": True,
    "Italic": True,
    "Code": True,
    "HardBreak": True,
    "BulletList": True,
    "OrderedList": {"enableListAttributes": False},  # no start/type dialog: the sanitiser drops both
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    # No "open in a new window", and no rel/target: the sanitiser keeps neither.
    "Link": {"enableTarget": False, "HTMLAttributes": {"rel": None, "target": None}},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "HTML": True,  # a dialog to read and edit the HTML itself
    # django-prose-editor turns the browser's spell-check off by default (spellcheck="false"): keep it on
    # for the agency's public statements.
    "NoSpellCheck": False,
}

#: Attributes the preset keeps on top of the extensions' own (IceinfoEditor in static/js/richtext-editor.js).
KEPT_ATTRIBUTES = {"a": {"lang", "hreflang"}, "p": {"lang"}, "blockquote": {"lang"}, "th": {"scope"}}
#: Tags the editor reads as one of its own (<b> is bold, <i> italic) and writes back as <strong>, <em>.
READ_AS_OWN = {"b", "i"}


def editor_allowlist():
    """Tags and attributes the editor can hold, limited to what the sanitiser keeps."""
    allowed = allowlist_from_extensions(EXTENSIONS)
    tags = (allowed["tags"] | READ_AS_OWN) & ALLOWED_TAGS
    attributes = {}
    for tag in tags:
        names = set(allowed["attributes"].get(tag, ())) | KEPT_ATTRIBUTES.get(tag, set())
        names &= ALLOWED_ATTRIBUTES.get(tag, set())
        if names:
            attributes[tag] = names
    return tags, attributes


EDITOR_TAGS, EDITOR_ATTRIBUTES = editor_allowlist()


def editor_keeps(value):
    """True when the editor can show ``value`` without losing anything the sanitiser would keep."""
    if not value:
        return True
    return sanitize_html(value) == sanitize_html(value, tags=EDITOR_TAGS, attributes=EDITOR_ATTRIBUTES)


def media_with_nonce(media, request):
    """``media`` rendering every tag (the import map included) with the request's CSP nonce."""
    nonce = getattr(request, "csp_nonce", None)
    if media is None or nonce is None:
        return media
    return Media.from_media(media, nonce=nonce)


class RichTextWidget(AdminProseEditorWidget):
    """The admin's widget for every ``RichTextField`` (chosen by ``RichTextAdminMixin``)."""

    def __init__(self, attrs=None):
        super().__init__(attrs, config={"extensions": EXTENSIONS}, preset=PRESET)

    @property
    def media(self):
        return prose_editor_admin_media + Media(
            css={"all": ["css/richtext-editor.css", "css/admin-link-chooser.css"]},
            js=[prose_editor_js, Script("js/richtext-editor.js", type="module"), "js/admin-link-chooser.js"],
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # The link dialog's "Link to a page on this site" search (static/js/admin-link-chooser.js).
        context["widget"]["attrs"].update(chooser_attrs())
        if not editor_keeps(self.format_value(value)):
            widget_attrs = context["widget"]["attrs"]
            widget_attrs.pop(f"data-django-prose-editor-{PRESET}", None)
            widget_attrs["class"] = f"{widget_attrs.get('class', '')} vLargeTextField".strip()
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if editor_keeps(self.format_value(value)):
            return html
        note = gettext(
            "This text contains HTML the editor cannot keep (for example a table caption), "
            "so it is shown as HTML."
        )
        return format_html('<p class="help iceinfo-richtext-note">{}</p>{}', note, html)


class RichTextAdminMixin:
    """Edit every ``RichTextField`` (each language's copy included) with ``RichTextWidget``."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, RichTextField):
            kwargs["widget"] = RichTextWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)
