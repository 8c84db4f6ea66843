from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IceinfoConfig(AppConfig):
    name = "iceinfo"
    verbose_name = _("Site content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from . import search, signals
        from .startup import check_production

        checks.register(check_production, checks.Tags.security, deploy=True)

        signals.connect()
        search.connect()  # keeps the site search index up to date on every save and delete
