"""Open data: /data/<dataset>.json and .csv, composed from the domain apps (composition layer).

Datasets: field-offices, directorates, contact-channels, detention-facilities. Each lists published rows only, with a
fixed number of queries whatever their count. Translated fields are given in every language that
has a value (JSON: {"en": ..., "es": ...}; CSV: one column per site language, name_en, name_es, ...).
The "Data" page (seeded in iceinfo/seed/045_open_data.yaml) describes every field.
"""

import hashlib
import json

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.urls import NoReverseMatch
from django.utils import timezone, translation
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from modeltranslation.translator import NotRegistered, translator

from iceinfo.csv_export import to_csv
from iceinfo.localize import absolute_url, language_codes, localized_field
from iceinfo.models import has_field

CACHE_SECONDS = 3600
FORMATS = {"json": "application/json", "csv": "text/csv; charset=utf-8"}


def _translated_fields(model):
    try:
        return set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return set()


def _url_of(obj):
    try:
        return obj.get_absolute_url()
    except (NoReverseMatch, AttributeError):
        return ""


class Dataset:
    """A list of rows, each a dict: plain values, {language: text} for translated fields, lists."""

    def __init__(self, name, fields, translated, rows):
        self.name, self.fields, self.translated, self.rows = name, fields, translated, rows

    def as_json(self):
        data = {
            "dataset": self.name,
            "generated_at": timezone.now().isoformat(),
            "count": len(self.rows),
            "items": self.rows,
        }
        return json.dumps(data, ensure_ascii=False, indent=1, default=str)

    def as_csv(self):
        columns = []
        for name in self.fields:
            if name in self.translated:
                columns.extend(localized_field(name, code) for code in language_codes())
            else:
                columns.append(name)
        rows = []
        for row in self.rows:
            values = []
            for name in self.fields:
                value = row.get(name)
                if name in self.translated:
                    values.extend((value or {}).get(code, "") for code in language_codes())
                elif name == "coverage":
                    values.append(";".join(f"{c['state']}:{c['county']}" if c["county"] else c["state"] for c in value))
                else:
                    values.append("" if value is None else value)
            rows.append(values)
        return to_csv(columns, rows)


def _row(request, obj, fields, translated):
    row = {}
    for name in fields:
        if name in translated:
            values = {code: getattr(obj, localized_field(name, code), "") or "" for code in language_codes()}
            row[name] = {code: value for code, value in values.items() if value}
        elif name == "url":
            row[name] = absolute_url(request, _url_of(obj))
        elif name == "updated_at":
            row[name] = obj.updated_at.isoformat()
        else:
            row[name] = getattr(obj, name, None)
    return row


FIELD_OFFICE_FIELDS = (
    "slug",
    "name",
    "office_type",
    "street",
    "city",
    "state",
    "zip_code",
    "phone",
    "email",
    "area_of_responsibility",
    "notes",
    "coverage",
    "latitude",
    "longitude",
    "url",
    "updated_at",
)


def field_offices(request):
    from contacts.models import Coverage, FieldOffice

    translated = _translated_fields(FieldOffice)
    offices = FieldOffice.objects.published().prefetch_related(
        Prefetch("coverage", queryset=Coverage.objects.order_by("state", "county"))
    )
    rows = []
    for office in offices:
        row = _row(request, office, [f for f in FIELD_OFFICE_FIELDS if f != "coverage"], translated)
        row["coverage"] = [{"state": c.state, "county": c.county} for c in office.coverage.all()]
        rows.append({name: row[name] for name in FIELD_OFFICE_FIELDS})
    return Dataset("field-offices", FIELD_OFFICE_FIELDS, translated, rows)


DIRECTORATE_FIELDS = ("slug", "name", "acronym", "kind", "summary", "url", "updated_at")


def directorates(request):
    from directorates.models import Directorate

    translated = _translated_fields(Directorate)
    fields = [name for name in DIRECTORATE_FIELDS if name in ("url", "updated_at") or has_field(Directorate, name)]
    rows = [_row(request, obj, fields, translated) for obj in Directorate.objects.published()]
    return Dataset("directorates", fields, translated, rows)


CONTACT_CHANNEL_FIELDS = ("slug", "name", "description", "phone", "phone_tel", "email", "url", "updated_at")


def contact_channels(request):
    from contacts.models import ContactChannel

    translated = _translated_fields(ContactChannel)
    rows = []
    for channel in ContactChannel.objects.published():
        row = _row(request, channel, [f for f in CONTACT_CHANNEL_FIELDS if f != "url"], translated)
        row["url"] = absolute_url(request, channel.url)
        row["anchor_url"] = absolute_url(request, channel.get_absolute_url())
        rows.append(row)
    return Dataset("contact-channels", (*CONTACT_CHANNEL_FIELDS, "anchor_url"), translated, rows)


DETENTION_FACILITY_FIELDS = (
    "slug",
    "name",
    "facility_type",
    "facility_type_name",
    "street",
    "city",
    "state",
    "zip_code",
    "phone",
    "field_office",
    "ice_page_url",
    "notes",
    "sources",
    "as_of",
    "latitude",
    "longitude",
    "url",
    "updated_at",
)


def detention_facilities(request):
    """Every live facility (two queries: facilities with their type and office, whatever the count)."""
    from facilities.models import DetentionFacility, FacilityType

    translated = _translated_fields(DetentionFacility) | {"facility_type_name"}
    plain = [name for name in DETENTION_FACILITY_FIELDS
             if name not in ("facility_type", "facility_type_name", "field_office", "sources", "as_of")]
    rows = []
    for facility in DetentionFacility.objects.published().select_related("facility_type", "field_office"):
        row = _row(request, facility, plain, translated)
        kind = facility.facility_type
        office = facility.field_office
        row.update(
            facility_type=kind.code,
            facility_type_name=_row(request, kind, ["label"], _translated_fields(FacilityType))["label"],
            field_office=office.slug if office is not None and office.is_live else "",
            sources=" | ".join(facility.source_urls),  # one cell in CSV; the same text in JSON
            as_of=facility.as_of.isoformat() if facility.as_of else "",
        )
        rows.append({name: row[name] for name in DETENTION_FACILITY_FIELDS})
    return Dataset("detention-facilities", DETENTION_FACILITY_FIELDS, translated, rows)


DATASETS = {
    "field-offices": field_offices,
    "directorates": directorates,
    "contact-channels": contact_channels,
    "detention-facilities": detention_facilities,
}


@require_safe
def dataset(request, name, fmt):
    """/data/<name>.<fmt>: a dataset as JSON or CSV, cacheable by browsers and CDNs."""
    builder = DATASETS.get(name)
    if builder is None or fmt not in FORMATS:
        raise Http404("No such dataset")
    with translation.override(settings.LANGUAGE_CODE):  # English addresses, whatever the visitor's cookie
        data = builder(request)
        body = data.as_json() if fmt == "json" else data.as_csv()
    etag_source = body if fmt == "csv" else json.dumps(data.rows, sort_keys=True, default=str)
    etag = '"' + hashlib.sha256(etag_source.encode()).hexdigest()[:32] + '"'
    headers = {
        "Cache-Control": f"public, max-age={CACHE_SECONDS}",
        "ETag": etag,
        "Access-Control-Allow-Origin": "*",
        "Content-Disposition": f'inline; filename="{name}.{fmt}"',
    }
    updated = [row["updated_at"] for row in data.rows if row.get("updated_at")]
    if updated:
        headers["Last-Modified"] = http_date(max(timezone.datetime.fromisoformat(u) for u in updated).timestamp())
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
        for key in ("Cache-Control", "ETag", "Last-Modified"):
            if key in headers:
                response[key] = headers[key]
        return response
    return HttpResponse(body.encode("utf-8"), content_type=FORMATS[fmt], headers=headers)
