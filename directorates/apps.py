from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoratesConfig(AppConfig):
    name = "directorates"
    verbose_name = _("Directorates")
