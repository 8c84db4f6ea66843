from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IceinfoConfig(AppConfig):
    name = "iceinfo"
    verbose_name = _("Site content")
    site_content = True  # pages, alerts, links, site settings (iceinfo.models.content_apps)

    def ready(self):
        from django.conf import settings
        from django.conf.locale import LANG_INFO
        from django.core import checks

        LANG_INFO.update({code: info for code, info in settings.EXTRA_LANG_INFO.items() if code not in LANG_INFO})

        from iceinfo.composition import search
        from iceinfo.editing import admin  # noqa: F401  (registers the site-content admins)
        from iceinfo.serving import signals
        from iceinfo.serving.startup import check_production

        checks.register(check_production, checks.Tags.security, deploy=True)

        signals.connect()
        search.connect()  # keeps the site search index up to date on every save and delete
