from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")
    site_content = True  # its rows are site content (iceinfo.models.content_apps)
    # Lists that can be empty (see DirectoratesConfig.list_contents): the feeds list all kinds.
    list_contents = {
        "news:newsrelease_list": ("NewsRelease", {}),
        "news:feed_rss": ("NewsRelease", {}),
        "news:feed_atom": ("NewsRelease", {}),
        "news:statement_list": ("NewsRelease", {"kind": "statement"}),
        "news:speech_list": ("NewsRelease", {"kind": "speech"}),
    }
