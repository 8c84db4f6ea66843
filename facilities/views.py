"""The detention facility directory (filters, search by place nearest first) and a facility's page.

The directory searches with the field-office locator's own engine (``contacts.locator``): the same
reading of "ZIP code, or city and state" (offline ZIP data), the same distance ordered by the
database, one page at a time. Whatever the number of facilities, a list is a fixed number of
queries: the form's choices (offices, types), a COUNT, one page of ids from the listing index, and
that page's rows.
"""

from django.core.paginator import Paginator
from django.urls import reverse
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

from .forms import FacilityFilterForm, type_value
from .models import DetentionFacility, FacilityType

PAGE_SIZE = 25


class NearestFacilities(locator.NearestOffices):
    """Every facility of a queryset, nearest to a place first (the locator's distance order)."""

    TIE_ORDER = ("name", "slug")


def _ero_offices():
    return FieldOffice.objects.published().filter(office_type=FieldOffice.OfficeType.ERO)


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
        own_name = localized_field("name", language)  # empty where the name falls back to English
        extra = [own_name] if own_name != "name_en" else []
        office_rows = [  # query 1: (slug, name shown, its own name in this language or "")
            (row[0], (row[2] if extra else row[1]) or row[1], row[2] if extra else row[1])
            for row in _ero_offices().order_by("name").values_list("slug", "name_en", *extra)
        ]
        offices = [(slug, name) for slug, name, _own in office_rows]
        types = list(FacilityType.objects.all())  # query 2
        form = FacilityFilterForm.from_query(self.request.GET, offices, types)
        self.invalid = not form.is_valid()
        filters = {} if self.invalid else form.cleaned_data
        facilities = DetentionFacility.objects.published()
        if filters.get("state"):
            facilities = facilities.filter(state=filters["state"])
        if filters.get("office"):
            facilities = facilities.filter(field_office__slug=filters["office"])
        if filters.get("type"):
            wanted = [kind.pk for kind in types if type_value(kind.code) == filters["type"]]
            facilities = facilities.filter(facility_type_id__in=wanted)

        result = locator.find_place(filters.get("q", ""))
        if result is not None and result.kind == "state":
            facilities = facilities.filter(state=result.state)
        if result is not None and result.kind in ("zip", "city"):
            rows = NearestFacilities(facilities, result.place)  # COUNT, then one page in distance order
        else:
            rows = locator.listing(facilities)  # COUNT, then one page of (pk, slug, lat, lon)
        paginator = Paginator(rows, PAGE_SIZE)
        page = page_or_404(paginator, self.request.GET.get("page"))
        candidates = list(page.object_list)
        if not isinstance(rows, NearestFacilities):
            candidates = locator.listed(candidates)
        found = {
            facility.pk: facility
            for facility in DetentionFacility.objects.filter(pk__in=[c.pk for c in candidates]).select_related(
                "facility_type", "field_office"
            )
        }
        option_langs = {
            "office": {slug: language if own else "en" for slug, _name, own in office_rows},
            "type": {type_value(kind.code): value_language(kind, "label") for kind in types},
        }
        cards = []
        for candidate in candidates:
            facility = found.get(candidate.pk)
            if facility is None:  # deleted since the page of ids was read
                continue
            office = facility.field_office
            cards.append(
                {
                    "facility": facility,
                    "office": office if office is not None and office.is_live else None,
                    "distance": distance_text(candidate),
                }
            )
        context.update(
            form=form,
            # Each option with the language its label is in (an untranslated name is marked lang="en").
            selects=[
                (form[name], chosen, [(value, label, option_langs.get(name, {}).get(value, ""))
                                      for value, label in form.fields[name].choices])
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        office = self.object.field_office
        context.update(
            office=office if office is not None and office.is_live else None,
            crumbs=[{"title": _("Detention facilities"), "url": reverse("facilities:facility_list")}],
        )
        return context
