"""The link chooser: find a page, directorate, field office, facility or news release by its title and
pick it, instead of choosing a content type and typing a numeric id.

One staff-only JSON endpoint (``link_chooser``, at /admin/link-chooser/) answers both places an editor
links content: a link group's Link rows (``LinkChooserWidget`` fills the row's hidden content type and
id) and the rich-text editor's link dialog (static/js/admin-link-chooser.js adds a "Link to a page on
this site" search that fills in the item's address).

Why our own endpoint and not Django's autocomplete (``autocomplete_fields``, select2): that view
searches one model, the one a ForeignKey points to, and answers {id, text}. A Link points to one of
several models through a content type and an id (a GenericForeignKey), and the editor needs the
item's kind and address to tell two "Atlanta" items apart. So the endpoint searches every link target
model (``iceinfo.models.link_target_models``) the user may view, in titles of every language.

Limits: staff only (``admin_site.admin_view``: signed in, active, staff, verified when 2FA is on), each
model only for users with its view permission, a query of at most ``MAX_QUERY`` characters, at most
``PER_KIND`` items of each kind, at most ``RATE_LIMIT`` requests a minute per user (the browser waits
for a pause in typing); unknown or bad parameters answer 400. The answer is JSON with ``<``, ``>``
and ``&`` escaped, never stored by a cache, and the browser builds it into the page as text only.
"""

import json
import time

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.forms.utils import flatatt
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext
from modeltranslation.translator import NotRegistered, translator

from iceinfo.editing.preview import mark_private
from iceinfo.localize import language_codes, localized_field
from iceinfo.models import Page, has_field, link_target_models

MAX_QUERY = 100
PER_KIND = 8
RATE_LIMIT = 120  # requests per user per minute: far above typing speed, far below a script's
PARAMETERS = {"q", "kind", "language"}
TITLE_FIELDS = ("title", "name")

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def kind_of(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


def title_field(model):
    return next(name for name in (*TITLE_FIELDS, "slug", "pk") if name == "pk" or has_field(model, name))


def chooser_models(user):
    """The link target models ``user`` may see: pages first (the usual target), then by kind."""
    return [
        model
        for model in sorted(link_target_models(), key=lambda model: (model is not Page, kind_of(model)))
        if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
        or user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
    ]


def _title_columns(model):
    """The title field's column in every language (modeltranslation), and the slug's."""
    name = title_field(model)
    try:
        translated = name in translator.get_options_for_model(model).get_field_names()
    except NotRegistered:
        translated = False
    columns = [localized_field(name, code) for code in language_codes()] if translated else [name]
    if has_field(model, "slug"):
        columns.append("slug")
    return columns


def search(model, query, limit=PER_KIND):
    """Up to ``limit`` + 1 rows of ``model`` whose title (any language) or slug contains ``query``."""
    queryset = model.link_target_queryset()
    if query:
        match = Q()
        for column in _title_columns(model):
            match |= Q(**{f"{column}__icontains": query})
        queryset = queryset.filter(match)
    elif has_field(model, "updated_at"):
        queryset = queryset.order_by("-updated_at", "-pk")  # nothing typed yet: the latest edited first
    return list(queryset[: limit + 1])


def describe(obj, language=None):
    """What an editor sees of a target: its title, kind, address (in ``language``) and whether it is live."""
    model = type(obj)
    with translation.override(language or translation.get_language()):
        url = obj.get_absolute_url()
    live = getattr(obj, "is_live", True)
    return {
        "content_type": ContentType.objects.get_for_model(model).pk,
        "object_id": obj.pk,
        "kind": str(model._meta.verbose_name),
        "title": str(obj),
        "url": url,
        "live": bool(live),
        "status": "" if live else gettext("Not on the site"),
    }


def target_of(content_type_id, object_id):
    """The link target a Link row names, or None (unknown type, not a target, no such row, bad values)."""
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        object_id = int(object_id)
    except (ContentType.DoesNotExist, TypeError, ValueError):
        return None
    if model not in link_target_models():
        return None
    return model.link_target_queryset().filter(pk=object_id).first()


def _bad_request(message):
    return mark_private(JsonResponse({"error": message}, status=400))


def _over_limit(user):
    key = f"link-chooser:{user.pk}:{int(time.time() // 60)}"
    try:
        cache.add(key, 0, 61)
        return cache.incr(key) > RATE_LIMIT
    except Exception:  # noqa: BLE001 - no counter, no limit
        return False


def link_chooser(request):
    """GET ?q=words[&kind=app.model][&language=es] -> {"results": [...], "more": bool} (see module doc)."""
    if request.method != "GET":
        return mark_private(HttpResponse(status=405, headers={"Allow": "GET"}))
    if set(request.GET) - PARAMETERS or any(len(request.GET.getlist(name)) > 1 for name in request.GET):
        return _bad_request(gettext("Unknown or repeated parameter."))
    query = request.GET.get("q", "").strip()
    if len(query) > MAX_QUERY or any(ord(char) < 32 for char in query):
        return _bad_request(gettext("The search is too long or contains control characters."))
    language = request.GET.get("language", "") or translation.get_language()
    if language not in language_codes():
        return _bad_request(gettext("Unknown language."))
    models = chooser_models(request.user)
    if not models:
        return mark_private(JsonResponse({"error": gettext("You may not link to any content.")}, status=403))
    kind = request.GET.get("kind", "")
    if kind:
        models = [model for model in models if kind_of(model) == kind]
        if not models:
            return _bad_request(gettext("Unknown kind of content."))
    if _over_limit(request.user):
        return mark_private(JsonResponse({"error": gettext("Too many searches; wait a minute.")}, status=429))
    results, more = [], False
    for model in models:
        rows = search(model, query)
        more = more or len(rows) > PER_KIND
        results += [describe(obj, language) for obj in rows[:PER_KIND]]
    body = json.dumps({"results": results, "more": more}, cls=DjangoJSONEncoder).translate(_JSON_ESCAPES)
    return mark_private(HttpResponse(body, content_type="application/json"))


class LinkChooserWidget(forms.Widget):
    """A search box that picks a link target and fills the row's hidden ``content_type`` and
    ``object_id`` inputs (static/js/admin-link-chooser.js). It submits nothing itself (no name), and
    shows the chosen item's title, kind and address (``chosen``, set by the form)."""

    chosen = None  # describe() of the current target

    class Media:
        css = {"all": ["css/admin-link-chooser.css"]}
        js = ["js/admin-link-chooser.js"]

    def render(self, name, value, attrs=None, renderer=None):
        config = chooser_config()
        attrs = self.build_attrs(self.attrs, attrs)
        if self.chosen:
            chosen = self.chosen
            meta = " · ".join(part for part in (chosen["kind"], chosen["url"], chosen["status"]) if part)
            current = format_html(
                '<span class="iceinfo-chooser__title">{}</span> <span class="iceinfo-chooser__meta">{}</span>',
                chosen["title"],
                meta,
            )
        else:
            current = format_html('<span class="iceinfo-chooser__meta">{}</span>', config["nothing"])
        return format_html(
            '<div class="iceinfo-chooser" data-iceinfo-chooser {}>'
            '<p class="iceinfo-chooser__current" data-chooser-current>{}</p>'
            '<input type="search" id="{}" class="iceinfo-chooser__search" autocomplete="off" aria-label="{}" '
            'placeholder="{}"></div>',
            flatatt(chooser_attrs()),
            current,
            attrs.get("id", ""),
            config["label"],
            config["placeholder"],
        )

    def value_from_datadict(self, data, files, name):
        return ""


def chooser_config():
    """The endpoint and the strings the script shows, as data attributes (in the admin's language)."""
    return {
        "url": reverse("link_chooser"),
        "label": gettext("Find a page on this site"),
        "link-label": gettext("Link to a page on this site"),
        "placeholder": gettext("Type a title, e.g. Detention"),
        "none": gettext("Nothing found."),
        "more": gettext("More items match: type more of the title."),
        "error": gettext("The search did not answer; try again."),
        "count": gettext("Items found: %(count)s"),
        "clear": gettext("Remove the link to this item"),
        "nothing": gettext("No page chosen: the link uses the address above."),
    }


def chooser_attrs():
    """``chooser_config`` as the data-* attributes the script reads (on the rich-text editor's textarea)."""
    return {f"data-chooser-{key}": value for key, value in chooser_config().items()}
