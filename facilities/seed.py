"""Seed hook (FacilitiesConfig.seed_module, run by iceinfo.seeding.seed_hooks): facility types, then the 203 detention facilities.

seed_data/detention_facilities.csv is a copy of shared/data/detention_facilities.csv (ICE's FY2026
detention statistics, data pulled 2026-04-02; each row with its sources and as-of date; read
shared/data/README.md). seed_data/facility_types.yaml explains each type code. Both go through
``iceinfo.seeding.load_records``: a re-run is idempotent and keeps what editors changed; a facility
finds its field office by the office's seeded slug (``contacts.seed.office_slug``), so contacts'
seed runs first (INSTALLED_APPS order).
"""

import csv
from pathlib import Path

from django.utils.text import slugify

from contacts.seed import office_slug
from iceinfo.seeding import SeedStats, load_records, read_yaml

DATA_DIR = Path(__file__).resolve().parent / "seed_data"
FACILITIES_CSV = DATA_DIR / "detention_facilities.csv"
TYPES_YAML = DATA_DIR / "facility_types.yaml"
CSV_SOURCE = "shared/data/detention_facilities.csv"
TYPES_SOURCE = "facilities/seed_data/facility_types.yaml"


def facility_slug(name):
    return slugify(name)[:120]


def type_records():
    with open(TYPES_YAML, encoding="utf-8") as handle:
        types = read_yaml(handle)
    records = []
    for order, entry in enumerate(types):
        fields = {"defined_by_ice": entry["defined_by_ice"], "source": "\n".join(entry["source"]), "order": order}
        for language, text in entry["label"].items():
            fields[f"label_{language}"] = " ".join(text.split())
        for language, text in entry["explanation"].items():
            fields[f"explanation_{language}"] = " ".join(text.split())
        records.append(
            {"model": "facilities.facilitytype", "key": {"code": entry["code"]}, "source": TYPES_SOURCE, "fields": fields}
        )
    return records


def read_facilities():
    with open(FACILITIES_CSV, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def facility_records():
    records = []
    for row in read_facilities():
        fields = {
            "name": row["name"],
            "facility_type": {"ref": "facilities.facilitytype", "key": {"code": row["facility_type"]}},
            "street": row["street"],
            "city": row["city"],
            "state": row["state"],
            "zip_code": row["zip"],
            "phone": row["phone"],
            "field_office": {"ref": "contacts.fieldoffice", "key": {"slug": office_slug(row["field_office"])}},
            "ice_page_url": row["ice_page_url"],
            "sources": "\n".join(part.strip() for part in row["source_url"].split(" | ") if part.strip()),
            "as_of": row["as_of"],
            "status": "published",
        }
        records.append(
            {
                "model": "facilities.detentionfacility",
                "key": {"slug": facility_slug(row["name"])},
                "source": f"{CSV_SOURCE}; {row['source_url']}",
                "fields": fields,
            }
        )
    return records


def load(force=False):
    stats = SeedStats()
    stats.merge(load_records(type_records(), force=force))
    stats.merge(load_records(facility_records(), force=force))
    return stats
