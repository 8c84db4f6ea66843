"""Any save or delete of content bumps the content version (iceinfo.serving.cache, kept in the database), on
every app server."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from iceinfo.models import content_apps
from iceinfo.serving import cache

SKIPPED = {"iceinfo.seedrecord", "iceinfo.searchdocument", "iceinfo.contentversion"}


def _content_changed(sender, **kwargs):
    if kwargs.get("raw"):
        return
    cache.bump_content_version()


def connect():
    for config in content_apps():
        for model in config.get_models():
            if model._meta.label_lower in SKIPPED or hasattr(model, "history_object"):
                continue  # bookkeeping rows (seed records, history) do not change what visitors see
            uid = f"iceinfo-content-{model._meta.label_lower}"
            post_save.connect(_content_changed, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(_content_changed, sender=model, dispatch_uid=uid + "-delete")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    _content_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}-m2m"
                )
