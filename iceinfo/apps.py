from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IceinfoConfig(AppConfig):
    name = "iceinfo"
    verbose_name = _("Site content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from iceinfo.composition import search
        from iceinfo.editing import admin  # noqa: F401  (registers the site-content admins)
        from iceinfo.serving import signals

        signals.connect()
        search.connect()  # keeps the site search index up to date on every save and delete
