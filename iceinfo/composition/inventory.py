"""The web content inventory: every published page, directorate or office, leader, field office and
news item, with its address, type, the languages it is written in and when it last changed.

Composition layer (imports the domain apps); five queries whatever the amount of content. Shown as
a page (/web-content-inventory/) and as open data (/data/content-inventory.csv, English addresses).
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from contacts.models import FieldOffice
from directorates.models import Directorate, Leader
from facilities.models import DetentionFacility
from iceinfo.composition.sitemaps import live_pages
from iceinfo.csv_export import to_csv
from iceinfo.localize import absolute_url, language_codes, localized_field
from news.models import NewsRelease


@dataclass
class Item:
    obj: object
    kind: str  # stable key, used in the CSV
    label: str  # shown on the page, in the visitor's language
    languages: list
    updated_at: object

    @property
    def title(self):
        return str(self.obj)

    @property
    def title_lang(self):
        """The language the title is shown in: the visitor's when it has its own, else English."""
        current = translation.get_language()
        return current if current in self.languages else settings.LANGUAGE_CODE

    @property
    def url(self):
        return self.obj.get_absolute_url()


def _languages(obj, fields):
    """Codes of the languages in which every one of ``fields`` has its own value (English only for
    content whose title is not translated, such as a facility's name as ICE spells it)."""
    if not fields:
        return [settings.LANGUAGE_CODE]
    return [
        code
        for code in language_codes()
        if all(getattr(obj, localized_field(field, code), None) for field in fields)
    ]


def _sources():
    return [
        ("page", _("Page"), live_pages, ("title",)),
        ("directorate", _("Directorate or office"), lambda: Directorate.objects.published(), ("name",)),
        ("leader", _("Leader"), lambda: Leader.objects.published(), ("title",)),
        ("field-office", _("Field office"), lambda: FieldOffice.objects.published(), ("name",)),
        ("detention-facility", _("Detention facility"), lambda: DetentionFacility.objects.published(), ()),
        ("news", _("News"), lambda: NewsRelease.objects.published(), ("title",)),
    ]


def inventory():
    """Every published item, grouped by type in the order above."""
    items = []
    for kind, label, rows, fields in _sources():
        for obj in rows():
            items.append(Item(obj, kind, label, _languages(obj, fields), obj.updated_at))
    return items


class ContentInventoryView(TemplateView):
    template_name = "iceinfo/content_inventory.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = inventory()
        names = {code: translation.get_language_info(code)["name_local"] for code in language_codes()}
        for item in items:
            item.language_names = [(code, names[code]) for code in item.languages]
        context.update(items=items, total=len(items))
        return context


CSV_FIELDS = ("title", "url", "type", "languages", "updated")


@require_safe
def content_inventory_csv(request):
    """/data/content-inventory.csv: the same list, English titles and addresses."""
    with translation.override(settings.LANGUAGE_CODE):
        rows = [
            [item.title, absolute_url(request, item.url), item.kind, " ".join(item.languages),
             timezone.localtime(item.updated_at).date().isoformat()]
            for item in inventory()
        ]
    response = HttpResponse(to_csv(CSV_FIELDS, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="content-inventory.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
