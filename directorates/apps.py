from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoratesConfig(AppConfig):
    name = "directorates"
    verbose_name = _("Directorates")
    site_content = True  # its rows are site content (iceinfo.models.content_apps)
    # Lists that can be empty, by URL name: (model, filters) of what they list. Menus and the home
    # page link to such a list only while it has something live (iceinfo.serving.frame).
    list_contents = {"directorates:leader_list": ("Leader", {})}
