"""Seed hook (ContactsConfig.seed_module, run by iceinfo.seeding.seed_hooks): the 25 ERO field offices from the sourced CSV.

seed_data/ero_field_offices.csv is a copy of shared/data/ero_field_offices.csv (the facts, each
row with its source_url); seed_data/ero_field_offices.yaml adds the Spanish text and the
structured coverage, and the corrections made to the CSV's values (each with its source: Miami's and
New Orleans' later addresses, "Duchess" -> Dutchess); seed_data/ero_field_offices.<suffix>.yaml (e.g.
``.vi.``) gives one more language's name and area per slug. Offices go through
``iceinfo.seeding.load_records``, so a re-run is idempotent and keeps what editors changed.

Coverage (what the locator reads) comes from seed_data/ero_areas_of_responsibility.csv, a copy of
shared/data/ero_areas_of_responsibility.csv: each office's states, and in California, New York
and Texas its counties (Census names, "Harris County"). Coverage rows are written for an office
that has none, or that still has exactly what an earlier seed wrote (the YAML's ``coverage``);
an editor's coverage is theirs, unless ``force``.
"""

import csv
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from iceinfo.seeding import SeedStats, load_records, read_yaml

from .models import Coverage, FieldOffice

DATA_DIR = Path(__file__).resolve().parent / "seed_data"
OFFICES_CSV = DATA_DIR / "ero_field_offices.csv"
OFFICES_EXTRA = DATA_DIR / "ero_field_offices.yaml"
AREAS_CSV = DATA_DIR / "ero_areas_of_responsibility.csv"
CSV_SOURCE = "shared/data/ero_field_offices.csv"
# Both field-office sources copy ICE's field-office list as of September 2025 (shared/data/README.md);
# the date is written the way ero_areas_of_responsibility.csv writes "as of September 2025".
OFFICES_AS_OF = "2025-09-30"


def office_slug(name):
    return slugify(name.removesuffix(" Field Office"))


def _read():
    with open(OFFICES_CSV, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with open(OFFICES_EXTRA, encoding="utf-8") as handle:
        extra = read_yaml(handle)
    return rows, extra


def coverage_rows(spec):
    """[(state, county)] from the YAML coverage list: "TX" or {"NY": [county, ...]}."""
    rows = []
    for item in spec:
        if isinstance(item, str):
            rows.append((item, ""))
        else:
            for state, counties in item.items():
                rows.extend((state, county) for county in counties)
    return rows


def area_coverage():
    """{office slug: [(state, county), ...]} from ero_areas_of_responsibility.csv, in file order."""
    with open(AREAS_CSV, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    coverage = {}
    for row in rows:
        coverage.setdefault(office_slug(row["office"]), []).append((row["state"], row["county"]))
    return coverage


def office_records():
    rows, extra = _read()
    records = []
    for order, row in enumerate(rows):
        slug = office_slug(row["name"])
        info = extra[slug]  # every CSV row must have its Spanish text
        row = {**row, **info.get("corrections", {})}
        row = {name: " ".join(value.split()) for name, value in row.items()}
        source = row["source_url"]
        if info.get("correction_source"):
            source += f" | corrected from {info['correction_source']}"
        records.append(
            {
                "model": "contacts.fieldoffice",
                "key": {"slug": slug},
                "source": f"{CSV_SOURCE}; {source}",
                "fields": {
                    "name_en": row["name"],
                    "name_es": info["name_es"],
                    "office_type": FieldOffice.OfficeType.ERO.value,
                    "street": row["street"],
                    "city": row["city"],
                    "state": row["state"],
                    "zip_code": row["zip"],
                    "phone": row["phone"],
                    "email": row["email"],
                    "area_of_responsibility_en": row["area_of_responsibility"],
                    "area_of_responsibility_es": " ".join(info["area_es"].split()),
                    "source": source[:500],
                    "status": "published",
                    "order": order,
                },
            }
        )
        # A record of its own, so rows seeded before this field existed get it too (see seeding).
        records.append(
            {"model": "contacts.fieldoffice", "key": {"slug": slug}, "source": CSV_SOURCE,
             "fields": {"as_of": OFFICES_AS_OF}}
        )
    return records, extra


def translation_records(slugs):
    """One record per office and language file ero_field_offices.<suffix>.yaml ({slug: {name, area}}).

    Each sets only that language's fields, so it merges with the office's record (see
    iceinfo.seeding) and never creates an office: a slug the CSV does not have is an error.
    """
    records = []
    for path in sorted(DATA_DIR.glob("ero_field_offices.*.yaml")):
        suffix = path.name.split(".")[1]  # the field suffix, e.g. zh_hans
        with open(path, encoding="utf-8") as handle:
            texts = read_yaml(handle)
        for slug, text in texts.items():
            if slug not in slugs:
                raise ValueError(f"{path.name}: no field office {slug!r} in {OFFICES_CSV.name}")
            records.append(
                {
                    "model": "contacts.fieldoffice",
                    "key": {"slug": slug},
                    "source": f"contacts/seed_data/{path.name}",
                    "fields": {
                        f"name_{suffix}": text["name"],
                        f"area_of_responsibility_{suffix}": " ".join(text["area"].split()),
                    },
                }
            )
    return records


def load(force=False):
    records, extra = office_records()
    records += translation_records({record["key"]["slug"] for record in records})
    areas = area_coverage()
    stats = SeedStats()
    stats.merge(load_records(records, force=force))
    with transaction.atomic():
        offices = {office.slug: office for office in FieldOffice.objects.filter(slug__in=list(extra))}
        for slug, info in extra.items():
            office = offices.get(slug)
            if office is None:
                continue
            current = set(office.coverage.values_list("state", "county"))
            wanted = areas.get(slug, [])
            if current == set(wanted):
                continue
            if current and current != set(coverage_rows(info["coverage"])) and not force:
                stats.kept.append(f"contacts.coverage of {slug}")
                continue
            office.coverage.all().delete()
            Coverage.objects.bulk_create(Coverage(office=office, state=state, county=county) for state, county in wanted)
            office.save()  # one history row and one content-version bump for the new coverage
    return stats
