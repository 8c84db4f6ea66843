"""Field offices (list with the locator, and detail), HSI international offices, contact channels."""

from itertools import groupby

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from iceinfo.localize import localize_path, value_language
from iceinfo.pagination import page_links, page_or_404
from iceinfo.query import declared_query, reads_query
from iceinfo.serving import cache
from iceinfo.serving.frame import get_frame

from . import locator
from .forms import LocatorForm
from .models import ContactChannel, Coverage, FieldOffice, InternationalOffice
from .regions import state_name

CHECK_IN_PATH = "/check-in/"  # the English path of the check-in Page (seeded by iceinfo)
CARD_TEMPLATE = "contacts/includes/fieldoffice_card.html"


def _offices():
    """Live offices with their coverage, for an office's own page."""
    return FieldOffice.objects.published().prefetch_related(
        Prefetch("coverage", queryset=Coverage.objects.order_by("state", "county"))
    )


def detail_url_prefix():
    """An office's page is this + its slug + "/" in the active language: one reverse() for a whole list."""
    return reverse("contacts:fieldoffice_detail", kwargs={"slug": "-"})[: -len("-/")]


def office_card(office, url_prefix=None):
    """What an office's card shows, read once in Python: the card template only prints these."""
    language = get_language()
    name_lang, area_lang = value_language(office, "name"), value_language(office, "area_of_responsibility")
    return {
        "slug": office.slug,
        "url": f"{url_prefix}{office.slug}/" if url_prefix else office.get_absolute_url(),
        "name": office.name,
        "name_lang": "" if name_lang == language else name_lang,  # lang="" only where English stands in
        "street": office.street,
        "locality": office.locality,
        "area": office.area_of_responsibility,
        "area_lang": "" if area_lang == language else area_lang,
        "phone": office.phone,
        "phone_href": office.phone_href,
    }


def distance_text(office):
    """How far the searched place is from ``office`` ("" when the list is not a search)."""
    miles = getattr(office, "distance_rounded", None)
    if miles is None:
        return ""
    if miles < 1:
        return gettext("Less than 1 mile away")
    return ngettext("About %(miles)s mile away", "About %(miles)s miles away", miles) % {"miles": miles}


def office_cards(offices, frame, heading):
    """The cards of a list's ``offices`` (``Candidate`` rows: id, slug, distance). Each card's body is
    rendered once per stored frame (so until the next content edit) and process, from the office's
    row, read then (one query for all the cards not rendered yet); only the distance, which
    depends on the search, is per request."""
    url_prefix = detail_url_prefix()

    def render(pks):
        rows = FieldOffice.objects.filter(pk__in=pks)
        context = {"heading": heading}
        return {row.pk: render_to_string(CARD_TEMPLATE, {**context, "card": office_card(row, url_prefix)})
                for row in rows}

    bodies = cache.frame_items(frame.get("id"), get_language(), ("office-card", heading, url_prefix),
                               [office.pk for office in offices], render)
    return [{"slug": office.slug, "body": bodies[office.pk], "distance": distance_text(office)}
            for office in offices if office.pk in bodies]  # a row deleted since the list was read: no card


NEAREST_PAGE_SIZE = 10


@reads_query("q", "zip", "state", "type", "page")
class FieldOfficeListView(ListView):
    """The list, filtered by state and type, ordered for a ZIP / city search; 25 to a page.

    Whatever the number of offices: a COUNT and one page read from the listing index, plus one query
    on the coverage of the searched state for a ZIP or city search (``contacts.locator``). The count
    and the coverage are kept per stored frame (``_memory``), so a repeated list or search is one
    query. Each card's HTML is rendered once per stored frame (``office_cards``), and so are the
    state and type options (per selected value): a request renders little more than the form's own
    values and the distances.
    """

    model = FieldOffice
    template_name = "contacts/fieldoffice_list.html"  # named: a locator search returns a list, not a queryset
    paginate_by = 25
    context_object_name = "offices"

    def get(self, request, *args, **kwargs):
        self.form = LocatorForm.from_query(request.GET)
        self.valid = self.form.is_valid()
        self.filters = self.form.cleaned_data if self.valid else {}
        self.result = None
        self.frame = get_frame()
        self.remember = self._memory(self.frame.get("id"))
        response = super().get(request, *args, **kwargs)
        if not self.valid:
            response.status_code = 400  # a malformed parameter (unknown state code, office type)
        return response

    def _memory(self, frame_id):
        """What the list reads of the offices that does not depend on the search (counts, a state's
        coverage) is kept per stored frame, so until the next content edit, for these filters."""
        if not frame_id:  # the frame is not stored (cache down): keep nothing
            return locator.no_memory
        scope = ("locator", self.filters.get("state") or "", self.filters.get("type") or "")

        def remember(name, build):
            return cache.frame_value(frame_id, "", scope + name, build)

        return remember

    def get_paginate_by(self, queryset):
        # After a ZIP or city search, the nearest ten first: a phone shows the visitor's office and
        # its neighbours, not all 25 offices on one 10,000-pixel page.
        if self.result is not None and not self.result.is_error and self.result.kind in ("zip", "city"):
            return NEAREST_PAGE_SIZE
        return self.paginate_by

    def paginate_queryset(self, queryset, page_size):
        # Only pages the list has: a page number out of range or not a number is a 404, never a 500.
        paginator = self.get_paginator(queryset, page_size)
        if self.count_name:  # a listing() queryset: its count is kept (NearestOffices keeps its own)
            paginator.count = self.remember(self.count_name, queryset.count)
        page = page_or_404(paginator, self.request.GET.get(self.page_kwarg))
        # listing() tuples become Candidates; NearestOffices gives Candidates already
        page.object_list = locator.listed(page.object_list) if self.count_name else list(page.object_list)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_queryset(self):
        offices = FieldOffice.objects.published()
        state = self.filters.get("state")
        office_type = self.filters.get("type")
        if state:
            offices = locator.offices_for_state(state, offices)
        if office_type:
            offices = offices.filter(office_type=office_type)
        query = self.filters.get("q", "")
        self.result = locator.locate(query, offices, self.remember) if query else None
        if self.result is None or self.result.is_error:
            self.count_name = ("count",)
            return locator.listing(offices)
        if self.result.kind == "state":
            self.count_name = ("count-in-state", self.result.state)
            return locator.listing(self.result.offices)
        self.count_name = None  # NearestOffices keeps its own count
        return self.result.others  # the serving office comes with the first page

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = self.result
        paginator = context["paginator"]
        total = paginator.count + (1 if result is not None and result.your_office is not None else 0)
        query = declared_query(self.request, without=("page",))
        # The serving office's row comes with the first page (NearestOffices.skipped); its card shows there.
        yours = getattr(result.others, "skipped", None) if result is not None and result.your_office else None
        has_your_office = result is not None and result.your_office is not None
        heading = "h4" if has_your_office else "h3"  # under "Your field office" / "Other field offices"
        frame = self.frame
        cards = office_cards(([yours] if yours is not None else []) + context["offices"], frame, heading)
        split = 1 if yours is not None and cards and cards[0]["slug"] == yours.slug else 0
        # The office types that have a live office, worked out only when the type options are
        # rendered (once per stored frame): the locator never offers a type that lists nothing.
        live_types = SimpleLazyObject(lambda: self.remember(("office-types",), lambda: sorted(
            FieldOffice.objects.published().order_by().values_list("office_type", flat=True).distinct()
        )))
        context.update(
            frame=frame,  # the same frame the context processor would load, fetched once
            form=self.form,
            type_choices=SimpleLazyObject(lambda: self.form.offered_type_choices(live_types)),
            selected=self.form.selected_choices(),
            result=result,
            has_your_office=has_your_office,
            your_office=cards[:split],
            cards=cards[split:],
            total=total,
            state_label=state_name(result.state) if result is not None and result.state else "",
            filter_state_label=state_name(self.filters["state"]) if self.filters.get("state") else "",
            # Why no office serves the searched place, said only when no filter left offices out.
            no_office_reason=(
                result.no_office_reason
                if result is not None and not (self.filters.get("state") or self.filters.get("type")) else ""
            ),
            query_string=query.urlencode(),
            searched=not self.valid or any(self.filters.values()),
            check_in_url=localize_path(CHECK_IN_PATH),
            crumbs=[{"title": _("Contact us"), "url": reverse("contacts:contact_list")}],
            page_links=page_links(context["page_obj"]) if context.get("is_paginated") else [],
        )
        return context


class FieldOfficeDetailView(DetailView):
    model = FieldOffice
    context_object_name = "office"

    def get_queryset(self):
        return _offices()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        office = self.object
        codes = office.state_codes
        # Which of this office's states other live offices share (one query, whatever the count).
        shared = {}
        if codes:
            rows = (
                Coverage.objects.filter(state__in=codes, office__in=FieldOffice.objects.published())
                .exclude(office=office)
                .values_list("state", "county")
            )
            for state, county in rows:
                shared.setdefault(state, set()).add(bool(county))
        coverage = []
        for entry in office.coverage_by_state:
            others = shared.get(entry["code"], set())
            entry = dict(entry)
            entry["rest_of_state"] = not entry["counties"] and True in others
            entry["shared"] = not entry["counties"] and others == {False}
            coverage.append(entry)
        # The detention facilities ICE assigns to this office: the facilities app points at offices
        # (``related_name="detention_facilities"``), so this reads them without importing that app.
        facilities = list(office.detention_facilities.published().order_by("state", "city", "name"))
        context.update(
            coverage=coverage,
            facilities=facilities,
            check_in_url=localize_path(CHECK_IN_PATH),
            crumbs=[
                {"title": _("Contact us"), "url": reverse("contacts:contact_list")},
                {"title": _("Field offices"), "url": reverse("contacts:fieldoffice_list")},
            ],
        )
        return context


class InternationalOfficeListView(ListView):
    model = InternationalOffice
    context_object_name = "offices"

    def get_queryset(self):
        return InternationalOffice.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offices = sorted(
            context["offices"], key=lambda o: (str(o.region).casefold(), str(o.country).casefold(), o.order, o.name)
        )
        regions = []
        for _region, in_region in groupby(offices, key=lambda o: str(o.region).casefold()):
            in_region = list(in_region)
            countries = [
                {"name": in_country[0].country, "offices": in_country}
                for in_country in (
                    list(group) for _key, group in groupby(in_region, key=lambda o: str(o.country).casefold())
                )
            ]
            regions.append({"name": in_region[0].region, "countries": countries})
        context.update(
            regions=regions,
            field_offices_url=reverse("contacts:fieldoffice_list"),
            contact_url=reverse("contacts:contact_list"),
            crumbs=[{"title": _("Contact us"), "url": reverse("contacts:contact_list")}],
        )
        return context


class ContactChannelListView(ListView):
    model = ContactChannel
    context_object_name = "channels"

    def get_queryset(self):
        return ContactChannel.objects.published()


class ContactChannelPreviewView(ContactChannelListView):
    """Staff preview of one channel (``iceinfo.editing.preview``): the contact page as it would look with
    this channel as the form or its draft has it, whether or not it is published yet."""

    template_name = "contacts/contactchannel_list.html"

    def get_context_data(self, **kwargs):
        channel = kwargs.pop("object")
        channels = [row for row in self.get_queryset() if row.pk != channel.pk] + [channel]
        channels.sort(key=lambda row: (row.order, row.slug))
        self.object_list = channels
        return super().get_context_data(object_list=channels, **kwargs)
