"""Fill a database with realistic volumes of GENERATED TEST DATA, for benchmarks and scale tests only.

    manage.py generate_content [--offices 2000] [--pages 5000] [--leaders 200] [--news 20000]

Every text says that it is generated test data ("[Generated test data]"), in each of the site's
languages: none of it is a fact about ICE. Rows are marked by slugs starting with ``gen-``;
``--replace`` (the default) removes earlier generated rows first, never seeded or edited ones.
Rows are written with bulk_create in batches (no signals, no history rows), then the content
version is bumped once so every page cache forgets what it had. Composition code: it may import
the apps (and the news app, when it is installed).
"""

import itertools
import time
from datetime import timedelta

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, models, transaction
from django.utils import timezone
from modeltranslation.utils import build_lang

from contacts import geo
from contacts.models import Coverage, FieldOffice
from directorates.models import Directorate, Leader
from iceinfo.localize import language_codes
from iceinfo.models import Page, Status
from iceinfo.serving import cache

PREFIX = "gen-"
MARK = "[Generated test data]"
OFFICE_TYPES = [choice for choice, _label in FieldOffice.OfficeType.choices]


def language_suffixes():
    return [build_lang(code) for code in language_codes()]


def translated(field, make):
    """{field_en: make("en"), field_es: make("es"), ...} for every language of the site."""
    return {f"{field}_{suffix}": make(suffix) for suffix in language_suffixes()}


def sample_zips(count):
    """Real ZIP codes spread over the country (the locator needs coordinates and counties)."""
    import zipcodes

    entries = [e for e in zipcodes.list_all() if e.get("zip_code_type") == "STANDARD" and e.get("lat")]
    step = max(1, len(entries) // max(count, 1))
    return list(itertools.islice(itertools.cycle(entries[::step]), count))


class Command(BaseCommand):
    help = "Fill the database with generated test data at realistic volumes (benchmarks and tests only)."

    def add_arguments(self, parser):
        parser.add_argument("--offices", type=int, default=2000)
        parser.add_argument("--pages", type=int, default=5000)
        parser.add_argument("--leaders", type=int, default=200)
        parser.add_argument("--news", type=int, default=20000, help="news items, when a news app is installed")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--keep", action="store_true", help="keep earlier generated rows (default: replace)")

    def handle(self, *args, offices, pages, leaders, news, batch_size, keep, **options):
        started = time.monotonic()
        self.batch_size = batch_size
        self.now = timezone.now()
        with transaction.atomic():
            if not keep:
                self.remove_generated()
            counts = {
                "field offices": self.offices(offices),
                "pages": self.pages(pages),
                "leaders": self.leaders(leaders),
            }
            news_count = self.news(news)
            if news_count is not None:
                counts["news items"] = news_count
        self.analyze()
        cache.bump_content_version()
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(
            f"generated test data: {summary} in {len(language_suffixes())} languages "
            f"({time.monotonic() - started:.1f} s)"
        ))

    def analyze(self):
        """Give the planner statistics on the tables just filled, as autovacuum would in a while (it
        may be off, as it is on these machines). Without them PostgreSQL plans the locator's queries
        for near-empty tables (nested loops over every office: ten times slower); VACUUM also marks
        the pages all-visible, so the listing index answers without reading the rows."""
        model, _slug_field = self.news_model()
        tables = [m._meta.db_table for m in (FieldOffice, Coverage, Page, Leader, model) if m is not None]
        names = ", ".join(connection.ops.quote_name(table) for table in tables)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # VACUUM cannot run in a transaction (a test's); ANALYZE can.
                cursor.execute(("ANALYZE " if connection.in_atomic_block else "VACUUM ANALYZE ") + names)
            else:
                for table in tables:
                    cursor.execute("ANALYZE " + connection.ops.quote_name(table))

    # --- removing ---------------------------------------------------------------------------------
    def remove_generated(self):
        Coverage.objects.filter(office__slug__startswith=PREFIX).delete()
        FieldOffice.objects.filter(slug__startswith=PREFIX).delete()
        Leader.objects.filter(slug__startswith=PREFIX).delete()
        generated = Page.objects.filter(slug_en__startswith=PREFIX)
        generated.filter(parent__isnull=False).delete()  # children first: parent is PROTECT
        generated.delete()
        model, slug_field = self.news_model()
        if model is not None and slug_field:
            model._base_manager.filter(**{f"{slug_field}__startswith": PREFIX}).delete()

    # --- field offices with coverage ------------------------------------------------------------------
    def offices(self, count):
        if count <= 0:
            return 0
        rows = []
        for n, place in enumerate(sample_zips(count)):
            rows.append(FieldOffice(
                slug=f"{PREFIX}office-{n}",
                status=Status.PUBLISHED,
                office_type=OFFICE_TYPES[n % len(OFFICE_TYPES)],
                street=f"{100 + n} Test Data Way",
                city=place["city"].title(),
                state=place["state"],
                zip_code=place["zip_code"],
                phone=f"(555) 01{n % 10}-{n % 10000:04d}",  # 555-01xx: never a real number
                email=f"office-{n}@example.com",
                latitude=float(place["lat"]),
                longitude=float(place["long"]),
                source="generate_content (generated test data)",
                order=10_000 + n,
                **translated("name", lambda lang, n=n: f"{MARK} Office {n} ({lang})"),
                **translated("area_of_responsibility",
                             lambda lang, n=n, s=place["state"]: f"{MARK} Area {n} in {s} ({lang})"),
                **translated("notes", lambda lang, n=n: f"{MARK} Notes for office {n} ({lang})"),
            ))
        FieldOffice.objects.bulk_create(rows, batch_size=self.batch_size)
        created = {o.slug: o.pk for o in FieldOffice.objects.filter(slug__startswith=PREFIX).only("pk", "slug")}
        places = sample_zips(count)
        coverage = []
        for n in range(count):
            office_id, place = created[f"{PREFIX}office-{n}"], places[n]
            # Most offices serve part of their state by county; some a whole state; some two.
            if n % 3 == 0:
                coverage.append(Coverage(office_id=office_id, state=place["state"], county=""))
            else:
                county = geo.normalize_county(place.get("county") or "") or f"County {n}"
                coverage.append(Coverage(office_id=office_id, state=place["state"], county=county))
            if n % 10 == 0:
                neighbour = places[(n + 1) % count]["state"]
                if neighbour != place["state"]:
                    coverage.append(Coverage(office_id=office_id, state=neighbour, county=""))
        Coverage.objects.bulk_create(coverage, batch_size=self.batch_size, ignore_conflicts=True)
        return count

    # --- pages: sections of 100 pages ---------------------------------------------------------------
    def pages(self, count):
        if count <= 0:
            return 0
        sections = max(1, count // 100)
        parents = [self.page(n, None) for n in range(sections)]
        Page.objects.bulk_create(parents, batch_size=self.batch_size)
        parent_ids = list(
            Page.objects.filter(slug_en__startswith=f"{PREFIX}section-").order_by("pk").values_list("pk", flat=True)
        )
        children = [self.page(n, parent_ids[n % len(parent_ids)]) for n in range(count - sections)]
        Page.objects.bulk_create(children, batch_size=self.batch_size)
        return count

    def page(self, n, parent_id):
        kind = "section" if parent_id is None else "page"
        slug = f"{PREFIX}{kind}-{n}"
        body = "".join(f"<p>{MARK} Paragraph {p} of {kind} {n}.</p>" for p in range(5))
        return Page(
            parent_id=parent_id,
            slug=slug,
            status=Status.PUBLISHED if n % 20 else Status.DRAFT,  # some drafts, as editors leave them
            order=10_000 + n,
            **{f"slug_{suffix}": f"{slug}-{suffix.replace('_', '-')}" if suffix != "en" else slug
               for suffix in language_suffixes()},
            **translated("title", lambda lang: f"{MARK} {kind.title()} {n} ({lang})"),
            **translated("summary", lambda lang: f"{MARK} Summary of {kind} {n} ({lang})."),
            **translated("body", lambda lang: body.replace("</p>", f" ({lang})</p>")),
        )

    # --- leaders ----------------------------------------------------------------------------------------
    def leaders(self, count):
        if count <= 0:
            return 0
        directorate_ids = list(Directorate.objects.values_list("pk", flat=True)) or [None]
        Leader.objects.bulk_create(
            [
                Leader(
                    slug=f"{PREFIX}leader-{n}",
                    name=f"{MARK} Person {n}",
                    status=Status.PUBLISHED,
                    directorate_id=directorate_ids[n % len(directorate_ids)],
                    order=10_000 + n,
                    **translated("title", lambda lang, n=n: f"{MARK} Position {n} ({lang})"),
                    **translated("bio", lambda lang, n=n: f"<p>{MARK} Biography {n} ({lang}).</p>"),
                )
                for n in range(count)
            ],
            batch_size=self.batch_size,
        )
        return count

    # --- news (only when another app provides it) ----------------------------------------------------------
    @staticmethod
    def news_model():
        if not apps.is_installed("news"):
            return None, None
        try:
            model = apps.get_model("news", "NewsRelease")
        except LookupError:
            return None, None
        names = {f.name for f in model._meta.concrete_fields}
        slug_field = "slug" if "slug" in names else ("slug_en" if "slug_en" in names else None)
        return model, slug_field

    def news(self, count):
        """NewsRelease rows filled field by field from the model's own definition."""
        model, slug_field = self.news_model()
        if model is None:
            return None
        rows = [model(**self.news_values(model, n)) for n in range(count)]
        model.objects.bulk_create(rows, batch_size=self.batch_size)
        return count

    def news_values(self, model, n):
        values = {}
        for field in model._meta.concrete_fields:
            if field.primary_key or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                continue
            name = field.name
            if name == "status":
                values[name] = Status.PUBLISHED
            elif isinstance(field, models.ForeignKey):
                if not field.null:
                    target = field.related_model._base_manager.order_by("pk").first()
                    if target is not None:
                        values[name] = target
            elif isinstance(field, models.SlugField):
                suffix = name.rsplit("_", 1)[-1] if name != "slug" else ""
                values[name] = f"{PREFIX}news-{n}" + (f"-{suffix}" if suffix and suffix != "en" else "")
            elif isinstance(field, models.DateTimeField):
                if not field.null or name in ("published_at", "date", "release_date", "published_on"):
                    values[name] = self.now - timedelta(hours=n)
            elif isinstance(field, models.DateField):
                values[name] = (self.now - timedelta(hours=n)).date()
            elif isinstance(field, (models.CharField, models.TextField)) and not field.choices:
                if field.blank and not isinstance(field, models.TextField) and field.max_length < 40:
                    continue
                text = f"{MARK} News {n} {name}"
                values[name] = text[: field.max_length] if field.max_length else text
        return values
