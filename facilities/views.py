"""The detention facility directory (filters, search by place nearest first) and a facility's page.

The directory searches with the field-office locator's own engine (``contacts.locator``): the same
reading of "ZIP code, or city and state" (offline ZIP data), the same distance order (the database's,
one page at a time; for a list of at most ``IN_PROCESS_LIMIT`` facilities, the same order worked out
here from every facility's listing values). Whatever the number of facilities, a list is a fixed
number of queries: the form's choices (offices, types), a COUNT, one page of ids from the listing
index (or every facility's listing values), and that page's rows. All of it is kept per stored frame
(``iceinfo.serving.cache``): the choices, counts and pages of ids as values, each card as HTML, a
facility's page as its row; so until the next content edit, a list or page already shown makes no
query (a search near a place in a longer list: one, its page in distance order).
"""

from functools import partial

from django.core.paginator import Paginator
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from contacts import locator
from contacts.models import FieldOffice
from contacts.regions import state_name
from contacts.views import distance_text
from iceinfo.localize import localized_field, value_language
from iceinfo.pagination import page_links, page_or_404, query_without_page
from iceinfo.query import reads_query
from iceinfo.serving import cache
from iceinfo.serving.frame import get_frame

from .forms import FacilityFilterForm, type_value
from .models import DetentionFacility, FacilityType

PAGE_SIZE = 25
CARD_TEMPLATE = "facilities/includes/facility_card.html"


class NearestFacilities(locator.NearestOffices):
    """Every facility of a queryset, nearest to a place first (the locator's distance order)."""

    TIE_ORDER = ("name", "slug")


def _ero_offices():
    return FieldOffice.objects.published().filter(office_type=FieldOffice.OfficeType.ERO)


def _office_rows(language):
    """The filter's field offices: [(slug, name shown, its own name in ``language`` or "")]."""
    own_name = localized_field("name", language)  # empty where the name falls back to English
    extra = [own_name] if own_name != "name_en" else []
    return [
        (row[0], (row[2] if extra else row[1]) or row[1], row[2] if extra else row[1])
        for row in _ero_offices().order_by("name").values_list("slug", "name_en", *extra)
    ]


def facility_cards(pks, frame):
    """{pk: (heading and address HTML, type and office HTML)} of the facilities ``pks``. Each card is
    rendered once per stored frame (so until the next content edit) and process, from the facility's
    row read then (one query for all the cards not rendered yet); the distance, which depends on the
    search, goes between the two parts per request."""
    language = get_language()

    def render(missing):
        rows = DetentionFacility.objects.filter(pk__in=missing).select_related("facility_type", "field_office")
        parts = {}
        for facility in rows:
            office = facility.field_office
            context = {"facility": facility, "office": office if office is not None and office.is_live else None,
                       "LANGUAGE_CODE": language}
            parts[facility.pk] = (render_to_string(CARD_TEMPLATE, {**context, "part": "head"}),
                                  render_to_string(CARD_TEMPLATE, {**context, "part": "meta"}))
        return parts

    return cache.frame_items(frame.get("id"), language, ("facility-card",), pks, render)


@reads_query("q", "zip", "state", "office", "type", "page")
class FacilityListView(TemplateView):
    template_name = "facilities/facility_list.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.invalid:
            response.status_code = 400  # a malformed filter (unknown state, office or type)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = get_language()
        frame = get_frame()
        # What the list reads of the content that does not depend on the search (the form's offices
        # and types, the counts) is kept per stored frame, so until the next content edit.
        memo = cache.frame_memo(frame.get("id"), ("facilities",))
        office_rows = memo(("offices", language), lambda: _office_rows(language))  # query 1
        types = memo(("types",), lambda: list(FacilityType.objects.all()))  # query 2
        form = FacilityFilterForm.from_query(
            self.request.GET,
            memo(("office-choices", language), lambda: FacilityFilterForm.office_choices(
                [(slug, name) for slug, name, _own in office_rows])),
            memo(("type-choices", language), lambda: FacilityFilterForm.type_choices(types)),
        )
        self.invalid = not form.is_valid()
        filters = {} if self.invalid else form.cleaned_data

        def filtered():
            facilities = DetentionFacility.objects.published()
            if filters.get("state"):
                facilities = facilities.filter(state=filters["state"])
            if filters.get("office"):
                facilities = facilities.filter(field_office__slug=filters["office"])
            if filters.get("type"):
                wanted = [kind.pk for kind in types if type_value(kind.code) == filters["type"]]
                facilities = facilities.filter(facility_type_id__in=wanted)
            return facilities

        # The live facilities for these filters: the queryset (never evaluated itself) is kept with the
        # frame and copied here, rather than built again (~0.15 ms); see contacts.views.
        selects = tuple(filters.get(name) or "" for name in FacilityFilterForm.SELECTS)
        facilities = memo(("facilities", *selects), filtered).all()

        result = locator.find_place(filters.get("q", ""))
        searched_state = ""
        if result is not None and result.kind == "state":
            facilities = facilities.filter(state=result.state)
            searched_state = result.state
        if result is not None and result.kind in ("zip", "city"):
            rows = NearestFacilities(facilities, result.place)  # COUNT, then one page in distance order
        else:
            rows = locator.listing(facilities)  # COUNT, then one page of (pk, slug, lat, lon)
        paginator = Paginator(rows, PAGE_SIZE)
        counted = rows.offices if isinstance(rows, NearestFacilities) else rows
        shown = (searched_state, *selects)  # what the count, the rows and the pages are kept for
        paginator.count = memo(("count", *shown), counted.count)  # query 3, once per stored frame and filters
        if isinstance(rows, NearestFacilities) and paginator.count <= rows.IN_PROCESS_LIMIT:
            # A short list is ordered here, from every facility's listing values kept with the count.
            rows.rows = memo(("every-row", *shown), rows.every_row, large=True)
        page = page_or_404(paginator, self.request.GET.get("page"))
        if isinstance(rows, NearestFacilities):
            candidates = list(page.object_list)  # one page in distance order (a query for a long list)
        else:  # a listing's page is the same for every request with these filters: kept, as the count
            candidates = locator.listed(memo(("page", *shown, page.number), lambda: list(page.object_list)))

        def options(name):
            """Each option with the language its label is in (an untranslated name is marked lang="en");
            read only where the options' fragment is not kept yet."""
            langs = {
                "office": lambda: {slug: language if own else "en" for slug, _name, own in office_rows},
                "type": lambda: {type_value(kind.code): value_language(kind, "label") for kind in types},
            }.get(name, dict)()
            return [(value, label, langs.get(value, "")) for value, label in form.fields[name].choices]

        parts = facility_cards([candidate.pk for candidate in candidates], frame)  # query 5, for cards not kept
        cards = [
            {"head": parts[candidate.pk][0], "meta": parts[candidate.pk][1], "distance": distance_text(candidate)}
            for candidate in candidates
            if candidate.pk in parts  # a facility deleted since the page of ids was read: no card
        ]
        context.update(
            frame=frame,  # the same frame the context processor would load, fetched once
            form=form,
            selects=[
                (form[name], chosen, SimpleLazyObject(partial(options, name)))
                for name, chosen in form.selected_choices().items()
            ],
            result=result,
            cards=cards,
            total=paginator.count,
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
            page_links=page_links(page) if page.has_other_pages() else [],
            query_string=query_without_page(self.request),
            state_label=state_name(result.state) if result is not None and result.state else "",
            field_offices_url=reverse("contacts:fieldoffice_list"),
        )
        return context


class FacilityDetailView(DetailView):
    model = DetentionFacility
    context_object_name = "facility"
    template_name = "facilities/facility_detail.html"

    def get_queryset(self):
        return DetentionFacility.objects.published().select_related("facility_type", "field_office")

    def get_object(self, queryset=None):
        """The facility with its type and office, kept per stored frame: a page whose frame is kept
        makes no query."""
        slug = self.kwargs["slug"]
        facility = cache.frame_row(get_frame().get("id"), ("facility", slug), lambda: (
            self.get_queryset().filter(slug=slug).first()
        ))
        if facility is None:
            raise Http404("No such facility")
        return facility

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        office = self.object.field_office
        context.update(
            office=office if office is not None and office.is_live else None,
            crumbs=[{"title": _("Detention facilities"), "url": reverse("facilities:facility_list")}],
        )
        return context
