"""Idempotent loading of seed content from data files, without overwriting editors' changes.

A seed file (YAML) is a list of records::

    - model: iceinfo.page                 # app_label.model
      key: {slug_en: about-ice}           # how to find the row again (may hold refs)
      source: shared/seed/000_...txt      # provenance, kept in SeedRecord
      fields: {title_en: About ICE, parent: {ref: iceinfo.page, key: {slug_en: x}}}

A field value ``{ref: label, key: {...}}`` is a reference to another seeded row; for a generic
foreign key give its name (``target: {ref: ...}``). Each row's seeded values are fingerprinted in
SeedRecord: a later load updates the row only while it still holds exactly what the seed wrote,
so an editor's change survives unless ``force`` is given. A row already seeded is found again
through its SeedRecord first, so an editor may change even the fields its key names.

A record may carry ``sources:`` next to ``fields:``, each ``{url, title, date}`` (the source page's
own title, untranslated; the date the fact was true or read). They replace the row's sources only
while those are still exactly what the seed last wrote (or there are none), like fields.

Content dates: a record may set ``content_date`` among its fields (the date its facts were true).
A seeded row of a model with a content date that has none gets ``SEED_CONTENT_DATE``, the date of
the page the seed was taken from, never the day it was loaded. ``content_date`` does not count in
a record's key or fingerprint, so adding it to a record already loaded still updates the row.

A record marked ``optional: true`` is skipped (and reported) while a row it refers to does not
exist yet, e.g. a link to a page that another app's seed file provides.
"""

import datetime
import hashlib
import json
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from iceinfo.models import SeedRecord, Source

SEED_DIR = Path(__file__).resolve().parent / "seed"
# The date of the archived ice.gov home page the seed content comes from (shared/seed/).
SEED_CONTENT_DATE = datetime.date(2021, 7, 6)
CONTENT_DATE = "content_date"
SOURCE_FIELDS = ("url", "title", "date", "order")


@dataclass
class SeedStats:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list = field(default_factory=list)
    skipped: list = field(default_factory=list)

    def merge(self, other):
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.kept.extend(other.kept)
        self.skipped.extend(other.skipped)

    def __str__(self):
        text = (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.kept)} kept because an editor changed them"
        )
        if self.skipped:
            text += f", {len(self.skipped)} optional skipped"
        return text


class SeedIndex:
    """The database's seed records, read in one query (``one_index``): loading one record asks for several
    (its own, its sources', each reference's), thousands in a whole load. Every record the loader writes
    goes through ``write``, so the index stays what the table holds."""

    def __init__(self):
        self._by_key = {}  # (content type id, seed key) -> SeedRecord
        self._by_ref = {}  # (content type id, ref key) -> the oldest SeedRecord written for that key
        for record in SeedRecord.objects.order_by("pk"):
            self._note(record)

    def _note(self, record):
        self._by_key[(record.content_type_id, record.seed_key)] = record
        if record.ref_key:
            self._by_ref.setdefault((record.content_type_id, record.ref_key), record)

    def get(self, content_type, seed_key):
        return self._by_key.get((content_type.pk, seed_key))

    def by_ref(self, content_type, ref_key):
        return self._by_ref.get((content_type.pk, ref_key))

    def write(self, content_type, seed_key, **values):
        """What ``SeedRecord.objects.update_or_create(content_type, seed_key, defaults=values)`` does, but a
        record that already holds these values is left as it is (its ``loaded_at`` says when the loader last
        wrote the row: a reload that changes nothing writes nothing)."""
        record = self._by_key.get((content_type.pk, seed_key))
        if record is None:
            record = SeedRecord.objects.create(content_type=content_type, seed_key=seed_key, **values)
        elif all(getattr(record, name) == value for name, value in values.items()):
            return record
        else:
            for name, value in values.items():
                setattr(record, name, value)
            record.save()
        self._note(record)
        return record


_batch = threading.local()  # .index: the SeedIndex of the records being loaded (one_index); .rows: BatchRows


@contextmanager
def _shared(name, make):
    """``_batch.<name>`` for the block: the enclosing block's, where there is one, else ``make()``."""
    outer = getattr(_batch, name, None)
    setattr(_batch, name, outer or make())
    try:
        yield
    finally:
        setattr(_batch, name, outer)


def one_index():
    """The seed records read once for every load_records call in the block (a whole load_seed_content:
    each file, then each app's hook). A block inside another shares the outer one's index."""
    return _shared("index", SeedIndex)


def _seed_index():
    return getattr(_batch, "index", None) or SeedIndex()


class BatchRows:
    """The rows a ``load_records`` call reads (a call inside another shares the outer one's, so that a write
    of either is seen by both), each seeded model's table and the sources read whole, once, while the batch
    has written nothing: a load with nothing to change (every `make run` after the first)
    reads a table once instead of each row again. From the batch's first write on (a save may change other
    rows too) every row is read again from the database, one by one, as it is needed; outside a batch
    (``whole=False``) always."""

    def __init__(self, whole=True):
        self._tables = {}  # model -> {pk: row}
        self._sources = None  # (content type id, object id) -> [Source], in their order
        self.fresh = whole  # nothing written since the tables were read

    def get(self, model, pk):
        if not self.fresh:
            return model._default_manager.filter(pk=pk).first()
        if model not in self._tables:
            self._tables[model] = model._default_manager.in_bulk()
        return self._tables[model].get(pk)

    def sources(self, obj):
        if not self.fresh:
            return list(_source_rows(obj))
        if self._sources is None:
            self._sources = {}
            for row in Source.objects.order_by("order", "pk"):
                self._sources.setdefault((row.content_type_id, row.object_id), []).append(row)
        return list(self._sources.get((ContentType.objects.get_for_model(obj).pk, obj.pk), []))

    def wrote(self):
        self.fresh = False
        self._tables.clear()
        self._sources = None


def _rows():
    return getattr(_batch, "rows", None) or BatchRows(whole=False)


def _is_ref(value):
    return isinstance(value, dict) and "ref" in value


def resolve_ref(value):
    model = apps.get_model(value["ref"])
    # A row the seed created is found through its SeedRecord, even after an editor changed its key.
    record = _seed_index().by_ref(ContentType.objects.get_for_model(model), json.dumps(value["key"], sort_keys=True))
    found = _rows().get(model, record.object_id) if record else None
    if found is not None:
        return found
    key = {name: resolve_ref(v) if _is_ref(v) else v for name, v in value["key"].items()}
    try:
        return model._default_manager.get(**key)
    except model.DoesNotExist as exc:
        raise ValueError(f"seed reference not found: {value['ref']} {value['key']}") from exc


def _generic_fields(model):
    return {f.name: f for f in model._meta.private_fields if isinstance(f, GenericForeignKey)}


def _stored_value(obj, name):
    generics = _generic_fields(type(obj))
    if name in generics:
        gfk = generics[name]
        return [getattr(obj, gfk.ct_field + "_id"), getattr(obj, gfk.fk_field)]
    model_field = obj._meta.get_field(name)
    if model_field.is_relation and model_field.many_to_one:
        return getattr(obj, model_field.attname)
    value = getattr(obj, model_field.attname)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def fingerprint(obj, names):
    data = {name: _stored_value(obj, name) for name in sorted(names)}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _apply(obj, fields):
    for name, value in fields.items():
        setattr(obj, name, resolve_ref(value) if _is_ref(value) else value)


def _has_content_date(model):
    return any(f.name == CONTENT_DATE for f in model._meta.concrete_fields)


def _as_date(value):
    if isinstance(value, str):
        return datetime.date.fromisoformat(value)
    return value


def load_record(record, force=False):
    model = apps.get_model(record["model"])
    key = {name: resolve_ref(v) if _is_ref(v) else v for name, v in record["key"].items()}
    fields = dict(record.get("fields", {}))
    content_date = _as_date(fields.pop(CONTENT_DATE, None))
    # Several records may fill different fields of one row (e.g. one file per language): each keeps
    # its own fingerprint, so the key names the fields too.
    seed_key = hashlib.sha256(json.dumps([record["key"], sorted(fields)], sort_keys=True).encode()).hexdigest()
    content_type = ContentType.objects.get_for_model(model)
    names = list(fields)
    stats = SeedStats()
    index = _seed_index()
    seed_record = index.get(content_type, seed_key)
    obj = None
    rows = _rows()
    if seed_record is not None:
        obj = rows.get(model, seed_record.object_id)
    if obj is None:
        obj = model._default_manager.filter(**key).first()
    dated = _has_content_date(model)
    if obj is None:
        obj = model(**key)
        _apply(obj, fields)
        if dated:
            obj.content_date = content_date or SEED_CONTENT_DATE
        rows.wrote()
        obj.save()
        stats.created += 1
    else:
        if seed_record is not None:
            untouched = seed_record.fingerprint == fingerprint(obj, names)
        else:
            # A row another record created (e.g. a language file adding its fields): fill the
            # fields nobody has written yet; any value already there is someone's work.
            untouched = all(_stored_value(obj, name) in (None, "") for name in names)
        if not (untouched or force):
            stats.kept.append(f"{record['model']} {record['key']}")
            _load_sources(obj, record, force, stats)
            return stats
        before = fingerprint(obj, names)
        _apply(obj, fields)
        date_before = getattr(obj, CONTENT_DATE, None) if dated else None
        if dated and (content_date or obj.content_date is None):
            obj.content_date = content_date or SEED_CONTENT_DATE
        date_changed = dated and obj.content_date != date_before
        if fingerprint(obj, names) == before and seed_record is not None and not date_changed:
            stats.unchanged += 1
            _load_sources(obj, record, force, stats)
            return stats
        rows.wrote()
        obj.save()
        obj.refresh_from_db()
        stats.updated += 1
    index.write(
        content_type,
        seed_key,
        object_id=obj.pk,
        fingerprint=fingerprint(obj, names),
        source=record.get("source", ""),
        ref_key=json.dumps(record["key"], sort_keys=True)[:500],
    )
    _load_sources(obj, record, force, stats)
    return stats


def _source_rows(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return Source.objects.filter(content_type=content_type, object_id=obj.pk).order_by("order", "pk")


def _sources_fingerprint(rows):
    data = [[row.url, row.title, _as_date(row.date).isoformat(), row.order] for row in rows]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def _load_sources(obj, record, force, stats):
    """Give ``obj`` the record's sources, unless an editor changed the ones the seed wrote."""
    if "sources" not in record:
        return
    wanted = [
        Source(url=item["url"], title=item["title"], date=_as_date(item["date"]), order=item.get("order", index))
        for index, item in enumerate(record["sources"] or [])
    ]
    source_type = ContentType.objects.get_for_model(Source)
    seed_key = hashlib.sha256(json.dumps(["sources", record["model"], record["key"]], sort_keys=True).encode())
    index = _seed_index()
    seed_record = index.get(source_type, seed_key.hexdigest())
    rows = _rows()
    current = rows.sources(obj)
    if seed_record is not None and seed_record.object_id == obj.pk:
        untouched = seed_record.fingerprint == _sources_fingerprint(current)
    else:
        untouched = not current
    if not (untouched or force):
        stats.kept.append(f"sources of {record['model']} {record['key']}")
        return
    if _sources_fingerprint(current) != _sources_fingerprint(wanted):
        rows.wrote()
        content_type = ContentType.objects.get_for_model(obj)
        for row in current:
            row.delete()  # one by one: each delete is a content change (signals), like each save
        for row in wanted:
            row.content_type, row.object_id = content_type, obj.pk
            row.full_clean()
            row.save()
    index.write(
        source_type,
        seed_key.hexdigest(),
        object_id=obj.pk,
        fingerprint=_sources_fingerprint(wanted),
        source=record.get("source", ""),
        ref_key="",
    )


def load_records(records, force=False):
    stats = SeedStats()
    with transaction.atomic(), one_index(), _shared("rows", BatchRows):
        for record in records:
            try:
                stats.merge(load_record(record, force=force))
            except ValueError as exc:  # e.g. a reference not found
                if not record.get("optional"):
                    raise
                stats.skipped.append(f"{record['model']} {record['key']}: {exc}")
    return stats


def seed_files(directory=SEED_DIR):
    return sorted(directory.glob("*.yaml"))


# PyYAML's C parser (libyaml, in PyYAML's wheels) reads the same safe subset about eight times faster than
# the pure-Python one: the seed is 1.4 MB of YAML, read at every `make run` and in many tests.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(handle):
    """``yaml.safe_load``, with the C parser where PyYAML has it."""
    return yaml.load(handle, Loader=SafeLoader)  # a safe loader only: never yaml.Loader


def read_seed_file(path):
    with open(path, encoding="utf-8") as handle:
        return read_yaml(handle) or []


def seed_hooks():
    """Seed loaders of the apps that load data other than YAML (e.g. a CSV), in INSTALLED_APPS order.

    An app declares its loader with ``seed_module = "<app>.seed"`` on its AppConfig: a module with
    ``load(force) -> SeedStats``. The foundation never lists app labels.
    """
    from importlib import import_module

    return [
        (config.name, import_module(config.seed_module))
        for config in apps.get_app_configs()
        if getattr(config, "seed_module", None)
    ]
