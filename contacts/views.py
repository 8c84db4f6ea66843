"""Field offices (list with the locator, and detail), HSI international offices, contact channels."""

from collections.abc import Callable
from dataclasses import dataclass
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


DETAIL_PATH_PROBE = "/contact/field-offices/-/"  # the English path of an office's page, with "-" for its slug


def detail_url_prefix():
    """An office's page is this + its slug + "/" in the active language (a path worked out once per
    language and process, ``localize_path``)."""
    return localize_path(DETAIL_PATH_PROBE)[: -len("-/")]


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


@dataclass(frozen=True)
class OfficeSearch:
    """What the field office list reads of the request and the offices, worked out once per request
    (``FieldOfficeListView.search``) before anything renders."""

    form: LocatorForm
    valid: bool  # False: a malformed parameter (the page answers 400)
    filters: dict  # the form's cleaned values ({} when not valid)
    frame: dict  # the stored frame (header, footer), fetched once for the page and its memo
    memo: Callable  # memo(name, build): values kept per stored frame for these filters (serving.cache)
    result: locator.Result | None  # the locator's answer to a search ("q"), None without one
    offices: object  # what the paginator pages: listing() tuples, or NearestOffices (Candidates)
    count: int  # the number of rows in ``offices`` (kept per stored frame)
    page_size: int
    name: tuple  # what ``memo`` keeps the count and (for a listing) its pages under

    @property
    def listed(self):
        """True when ``offices`` gives listing() tuples (to be made Candidates), not Candidates."""
        return not isinstance(self.offices, locator.NearestOffices)


@reads_query("q", "zip", "state", "type", "page")
class FieldOfficeListView(ListView):
    """The list, filtered by state and type, ordered for a ZIP / city search; 25 to a page.

    Whatever the number of offices: a COUNT and one page read from the listing index, plus one query
    on the coverage of the searched state for a ZIP or city search (``contacts.locator``). The count,
    the pages of a listing, the coverage and, for a ZIP or city search in a list of at most
    ``NearestOffices.IN_PROCESS_LIMIT`` offices, every office's listing values (ordered here by
    distance) are kept per stored frame (``cache.frame_memo``), so a repeated list or search makes no
    query (a search near a place in a longer list: one). Each card's HTML is rendered once per stored
    frame (``office_cards``), and so are the state and type options (per selected value): a request
    renders little more than the form's own values and the distances.
    """

    model = FieldOffice
    template_name = "contacts/fieldoffice_list.html"  # named: a locator search returns a list, not a queryset
    paginate_by = 25
    context_object_name = "offices"

    def get(self, request, *args, **kwargs):
        self.search = self.read_search(request)
        response = super().get(request, *args, **kwargs)
        if not self.search.valid:
            response.status_code = 400  # a malformed parameter (unknown state code, office type)
        return response

    def read_search(self, request):
        """The form, the filters, the locator's result and the rows to page through: ``OfficeSearch``."""
        form = LocatorForm.from_query(request.GET)
        valid = form.is_valid()
        filters = form.cleaned_data if valid else {}
        frame = get_frame()
        # What the list reads of the offices that does not depend on the place searched (the live offices,
        # counts, pages, a state's coverage) is kept per stored frame, so until the next content edit.
        memo = cache.frame_memo(frame.get("id"), ("locator", filters.get("state") or "", filters.get("type") or ""))

        def filtered():
            offices = FieldOffice.objects.published()
            if filters.get("state"):
                offices = locator.offices_for_state(filters["state"], offices)
            if filters.get("type"):
                offices = offices.filter(office_type=filters["type"])
            return offices

        # The live offices for these filters: the queryset (never evaluated itself) is kept with the frame
        # and copied here, rather than built again (~0.15 ms). What is live changes only with the content
        # version (a scheduled change moves it too), so its publication time stays right while kept.
        offices = memo(("offices",), filtered).all()
        found = locator.find_place(filters.get("q", ""))
        coverage = None
        if found is not None and found.kind in ("zip", "city"):
            coverage = memo(("coverage", found.state), lambda: locator.coverage_rows(offices, found.state))
        result = locator.ordered_for(found, offices, coverage)
        page_size = self.paginate_by
        if result is None or result.is_error:
            rows, count_name = locator.listing(offices), ("count",)
        elif result.kind == "state":
            rows, count_name = locator.listing(result.offices), ("count-in-state", result.state)
        else:  # the serving office comes with the first page, apart: the others are counted without it
            rows, count_name = result.others, ("count",)
            # After a ZIP or city search, the nearest ten first: a phone shows the visitor's office and
            # its neighbours, not all 25 offices on one 10,000-pixel page.
            page_size = NEAREST_PAGE_SIZE
        nearest = isinstance(rows, locator.NearestOffices)
        total = memo(count_name, (rows.offices if nearest else rows).count)
        if nearest and total <= rows.IN_PROCESS_LIMIT:
            # A short list is ordered here, from every office's listing values kept with the count.
            rows.rows = memo(("every-row",), rows.every_row, large=True)
        count = total - (1 if nearest and rows.skip is not None else 0)
        return OfficeSearch(form, valid, filters, frame, memo, result, rows, count, page_size, count_name)

    def get_queryset(self):
        return self.search.offices

    def get_paginate_by(self, queryset):
        return self.search.page_size

    def paginate_queryset(self, queryset, page_size):
        # Only pages the list has: a page number out of range or not a number is a 404, never a 500.
        paginator = self.get_paginator(queryset, page_size)
        paginator.count = self.search.count
        page = page_or_404(paginator, self.request.GET.get(self.page_kwarg))
        # listing() tuples become Candidates; NearestOffices gives Candidates already. A listing's page
        # is the same for every request with these filters: its tuples are kept per stored frame.
        search = self.search
        if search.listed:
            rows = search.memo(("page", *search.name, page.number), lambda: list(page.object_list))
            page.object_list = locator.listed(rows)
        else:
            page.object_list = list(page.object_list)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = self.search
        result = search.result
        paginator = context["paginator"]
        total = paginator.count + (1 if result is not None and result.your_office is not None else 0)
        query = declared_query(self.request, without=("page",))
        # The serving office's row comes with the first page (NearestOffices.skipped); its card shows there.
        yours = getattr(result.others, "skipped", None) if result is not None and result.your_office else None
        has_your_office = result is not None and result.your_office is not None
        heading = "h4" if has_your_office else "h3"  # under "Your field office" / "Other field offices"
        frame = search.frame
        cards = office_cards(([yours] if yours is not None else []) + context["offices"], frame, heading)
        split = 1 if yours is not None and cards and cards[0]["slug"] == yours.slug else 0
        # The office types that have a live office, worked out only when the type options are
        # rendered (once per stored frame): the locator never offers a type that lists nothing.
        live_types = SimpleLazyObject(lambda: search.memo(("office-types",), lambda: sorted(
            FieldOffice.objects.published().order_by().values_list("office_type", flat=True).distinct()
        )))
        context.update(
            frame=frame,  # the same frame the context processor would load, fetched once
            form=search.form,
            type_choices=SimpleLazyObject(lambda: search.form.offered_type_choices(live_types)),
            selected=search.form.selected_choices(),
            result=result,
            has_your_office=has_your_office,
            your_office=cards[:split],
            cards=cards[split:],
            total=total,
            state_label=state_name(result.state) if result is not None and result.state else "",
            filter_state_label=state_name(search.filters["state"]) if search.filters.get("state") else "",
            # Why no office serves the searched place, said only when no filter left offices out.
            no_office_reason=(
                result.no_office_reason
                if result is not None and not (search.filters.get("state") or search.filters.get("type")) else ""
            ),
            query_string=query.urlencode(),
            searched=not search.valid or any(search.filters.values()),
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
