from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "facilities"
    verbose_name = _("Detention facilities")
    site_content = True  # its rows are site content (iceinfo.models.content_apps)
    seed_module = "facilities.seed"  # loaded by load_seed_content (iceinfo.seeding.seed_hooks)
