from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import feeds, views
from .models import NewsRelease

app_name = "news"

urlpatterns = [
    path(_("news/"), views.NewsReleaseListView.as_view(), name="newsrelease_list"),
    path(_("news/feed/rss/"), feeds.NewsRssFeed(), name="feed_rss"),
    path(_("news/feed/atom/"), feeds.NewsAtomFeed(), name="feed_atom"),
    path(_("news/<slug:slug>/"), views.NewsReleaseDetailView.as_view(), name="newsrelease_detail"),
    path(
        _("statements/"),
        views.NewsReleaseListView.as_view(kind=NewsRelease.Kind.STATEMENT),
        name="statement_list",
    ),
    path(
        _("speeches-testimonies/"),
        views.NewsReleaseListView.as_view(kind=NewsRelease.Kind.SPEECH),
        name="speech_list",
    ),
]
