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

A record marked ``optional: true`` is skipped (and reported) while a row it refers to does not
exist yet, e.g. a link to a page that another app's seed file provides.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .models import SeedRecord

SEED_DIR = Path(__file__).resolve().parent / "seed"
SEED_APPS = ("directorates", "contacts", "facilities")  # apps whose seed.py has load(force) -> SeedStats


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


def _is_ref(value):
    return isinstance(value, dict) and "ref" in value


def resolve_ref(value):
    model = apps.get_model(value["ref"])
    # A row the seed created is found through its SeedRecord, even after an editor changed its key.
    record = SeedRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(model), ref_key=json.dumps(value["key"], sort_keys=True)
    ).first()
    found = model._default_manager.filter(pk=record.object_id).first() if record else None
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


def load_record(record, force=False):
    model = apps.get_model(record["model"])
    key = {name: resolve_ref(v) if _is_ref(v) else v for name, v in record["key"].items()}
    fields = record.get("fields", {})
    # Several records may fill different fields of one row (e.g. one file per language): each keeps
    # its own fingerprint, so the key names the fields too.
    seed_key = hashlib.sha256(json.dumps([record["key"], sorted(fields)], sort_keys=True).encode()).hexdigest()
    content_type = ContentType.objects.get_for_model(model)
    names = list(fields)
    stats = SeedStats()
    seed_record = SeedRecord.objects.filter(content_type=content_type, seed_key=seed_key).first()
    obj = None
    if seed_record is not None:
        obj = model._default_manager.filter(pk=seed_record.object_id).first()
    if obj is None:
        obj = model._default_manager.filter(**key).first()
    if obj is None:
        obj = model(**key)
        _apply(obj, fields)
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
            return stats
        before = fingerprint(obj, names)
        _apply(obj, fields)
        if fingerprint(obj, names) == before and seed_record is not None:
            stats.unchanged += 1
            return stats
        obj.save()
        obj.refresh_from_db()
        stats.updated += 1
    SeedRecord.objects.update_or_create(
        content_type=content_type,
        seed_key=seed_key,
        defaults={
            "object_id": obj.pk,
            "fingerprint": fingerprint(obj, names),
            "source": record.get("source", ""),
            "ref_key": json.dumps(record["key"], sort_keys=True)[:500],
        },
    )
    return stats


def load_records(records, force=False):
    stats = SeedStats()
    with transaction.atomic():
        for record in records:
            try:
                stats.merge(load_record(record, force=force))
            except ValueError as exc:
                if not record.get("optional"):
                    raise
                stats.skipped.append(f"{record['model']} {record['key']}: {exc}")
    return stats


def seed_files(directory=SEED_DIR):
    return sorted(directory.glob("*.yaml"))


def read_seed_file(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or []
