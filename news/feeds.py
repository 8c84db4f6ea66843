"""RSS 2.0 and Atom feeds of the latest news, in the visitor's language (URL prefix picks it)."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from .models import NewsRelease

FEED_LENGTH = 20


class NewsRssFeed(Feed):
    # Feed.language is left unset: the feed then declares the active language (the URL prefix's).
    feed_type = Rss201rev2Feed

    def title(self):
        return _("ICE news releases")

    def link(self):
        return reverse("news:newsrelease_list")

    def description(self):
        return _("News releases, statements, speeches and testimonies published by ICE, newest first.")

    subtitle = description  # Atom's name for it

    def feed_url(self):
        return reverse("news:feed_rss")

    def items(self):
        return NewsRelease.objects.published().select_related("topic")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(12)))

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.topic.name] if item.topic else []


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def feed_url(self):
        return reverse("news:feed_atom")
