"""Rich text in the admin: every RichTextField is edited with the editor widget, whose toolbar stays
within the sanitiser's allow-list; its inline import map runs under the CSP thanks to a per-request
nonce that only admin forms carry; markup the editor would drop keeps a plain HTML textarea."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions

from iceinfo.editing.widgets import EXTENSIONS, RichTextWidget, editor_keeps
from iceinfo.richtext import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, RichTextField, sanitize_html
from tests.factories import PageFactory, SiteSettingsFactory
from tests.iceinfo.admin_helpers import form_data, staff_user

pytestmark = pytest.mark.django_db

EDITOR_ATTRIBUTE = "data-django-prose-editor-iceinfo"


def csp_nonce(response):
    header = response["Content-Security-Policy"]
    script_src = next(part for part in header.split(";") if part.strip().startswith("script-src"))
    nonces = re.findall(r"'nonce-([^']+)'", script_src)
    assert len(nonces) == 1, header
    assert "unsafe-inline" not in header
    return nonces[0]


def inline_scripts(html):
    """Opening tags of the <script> elements without a src (the import map among them)."""
    return [tag for tag in re.findall(r"<script\b[^>]*>", html) if " src=" not in tag]


@pytest.fixture
def editor(client):
    SiteSettingsFactory()
    client.force_login(staff_user("editor", "Editors"))
    return client


# --- the widget reaches every rich-text field --------------------------------------------------------
def test_every_rich_text_field_of_every_admin_uses_the_editor_in_every_language(rf):
    request = rf.get("/admin/")
    request.user = User(is_staff=True, is_superuser=True)
    seen = set()
    for model_admin in admin.site._registry.values():
        admins = [model_admin, *model_admin.get_inline_instances(request)]
        for each in admins:
            form = each.get_formset(request).form if each is not model_admin else each.get_form(request)
            for name, field in form.base_fields.items():
                try:
                    model_field = each.model._meta.get_field(name)
                except FieldDoesNotExist:  # a form-only field
                    continue
                if isinstance(model_field, RichTextField):
                    assert isinstance(field.widget, RichTextWidget), f"{each.model.__name__}.{name}"
                    seen.add(f"{each.model._meta.label}.{name}")
    assert {"iceinfo.Page.body_en", "iceinfo.Page.body_es", "iceinfo.Page.body_ar",
            "directorates.Directorate.summary_es", "directorates.Leader.bio_fr", "news.NewsRelease.body_en"} <= seen


def test_rich_text_fields_outside_the_admin_keep_a_plain_textarea():
    from django import forms

    class PageForm(forms.ModelForm):
        class Meta:
            model = PageFactory._meta.model
            fields = ["body_en"]

    assert not isinstance(PageForm().fields["body_en"].widget, RichTextWidget)


# --- the toolbar stays inside the sanitiser ----------------------------------------------------------
def test_the_editor_makes_only_tags_the_sanitiser_keeps():
    allowed = allowlist_from_extensions(EXTENSIONS)
    assert allowed["tags"] <= ALLOWED_TAGS
    assert {"h2", "h3", "h4", "strong", "em", "ul", "ol", "li", "blockquote", "a", "hr", "br", "table"} <= allowed["tags"]
    assert not {"h1", "s", "u", "sub", "sup", "span", "img", "div", "pre"} & allowed["tags"]


@pytest.mark.parametrize(
    "html",
    [
        "<p>Plain <strong>bold</strong>, <b>b</b>, <em>em</em>, <i>i</i> and <code>code</code>.</p>",
        '<h2>Title</h2><p lang="es">Hola <a href="https://sam.gov/" hreflang="en" title="SAM">SAM</a></p>',
        '<table><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td colspan="2">1</td></tr></tbody></table>',
        "<ul><li>One</li></ul><ol><li>Two</li></ol><blockquote><p>Quote</p></blockquote><hr><p>a<br>b</p>",
        "<script>alert(1)</script><p onclick='x()'>What the sanitiser drops anyway.</p>",
        "",
    ],
)
def test_the_editor_keeps_what_it_can_show(html):
    assert editor_keeps(html)
    assert EDITOR_ATTRIBUTE in RichTextWidget().render("body_en", html)


@pytest.mark.parametrize(
    "html",
    [
        "<table><caption>Fields</caption><tr><td>1</td></tr></table>",
        '<p><abbr title="Immigration and Customs Enforcement">ICE</abbr></p>',
        "<h5>Deep heading</h5>",
        "<table><tfoot><tr><td>Total</td></tr></tfoot></table>",
    ],
)
def test_markup_the_editor_would_drop_gets_a_plain_html_textarea(html):
    assert not editor_keeps(html)
    rendered = RichTextWidget().render("body_en", html)
    assert EDITOR_ATTRIBUTE not in rendered
    assert "<textarea" in rendered and "vLargeTextField" in rendered
    assert "shown as HTML" in rendered


def test_the_sanitiser_drops_empty_attributes_and_never_widens_its_allow_list():
    assert sanitize_html('<p lang="">x <a href="/a" title="">y</a></p>') == '<p>x <a href="/a">y</a></p>'
    narrowed = sanitize_html('<p lang="es" style="x"><u>y</u><abbr title="t">z</abbr></p>',
                             tags={"p", "u"}, attributes={"p": {"lang", "style"}})
    assert narrowed == '<p lang="es">yz</p>'
    assert ALLOWED_ATTRIBUTES["p"] == {"lang"}


# --- CSP: a nonce on admin forms, none on the public site ---------------------------------------------
def test_admin_change_form_carries_the_nonce_on_its_import_map(editor):
    page = PageFactory()
    response = editor.get(reverse("admin:iceinfo_page_change", args=[page.pk]))
    assert response.status_code == 200
    nonce = csp_nonce(response)
    html = response.content.decode()
    importmaps = re.findall(r'<script type="importmap"[^>]*>', html)
    assert importmaps == [f'<script type="importmap" nonce="{nonce}">']
    for tag in inline_scripts(html):
        assert f'nonce="{nonce}"' in tag, tag
    for language in ("en", "es", "ar"):
        assert re.search(rf'<textarea[^>]*id="id_body_{language}"[^>]*{EDITOR_ATTRIBUTE}=', html), language


def test_the_nonce_changes_with_every_request(editor):
    url = reverse("admin:iceinfo_page_change", args=[PageFactory().pk])
    assert csp_nonce(editor.get(url)) != csp_nonce(editor.get(url))


def test_add_form_and_revert_form_carry_the_nonce_too(editor):
    response = editor.get(reverse("admin:iceinfo_page_add"))
    assert f'<script type="importmap" nonce="{csp_nonce(response)}">' in response.content.decode()

    page = PageFactory()
    version = page.history.first()
    response = editor.get(reverse("admin:iceinfo_page_simple_history", args=[page.pk, version.history_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<script type="importmap" nonce="{csp_nonce(response)}">' in html
    assert EDITOR_ATTRIBUTE in html


def test_public_pages_have_no_nonce_and_no_unsafe_inline(client, seeded_site):
    from tests.seeded import public_urls

    for url in public_urls("en") + public_urls("es")[:3]:
        response = client.get(url)
        assert response.status_code == 200, url
        header = response["Content-Security-Policy"]
        assert "nonce-" not in header and "unsafe-inline" not in header, url
        assert "script-src 'self';" in header + ";", header
        assert "style-src 'self';" in header + ";", header
        assert "nonce=" not in response.content.decode(), url


def test_saving_through_the_admin_still_sanitises(editor):
    page = PageFactory(status="draft")
    url = reverse("admin:iceinfo_page_change", args=[page.pk])
    dirty = '<p style="color:red" onclick="x()"><strong>Bold</strong> <a href="javascript:alert(1)">bad</a></p>'
    response = editor.post(url, form_data(editor.get(url), body_en=dirty))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body_en == "<p><strong>Bold</strong> <a>bad</a></p>"


# --- the editor's files ship with collectstatic ------------------------------------------------------
def test_collectstatic_ships_the_editor(collected_static):
    import json

    manifest = json.loads((collected_static / "staticfiles.json").read_text())["paths"]
    for name in ("django_prose_editor/editor.js", "django_prose_editor/editor.css",
                 "django_prose_editor/material-icons.woff2", "js/richtext-editor.js", "css/richtext-editor.css"):
        assert name in manifest, name
        assert (collected_static / manifest[name]).exists()
