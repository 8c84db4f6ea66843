"""modeltranslation registrations for news; history registered after them."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import NewsRelease, Topic


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)


@register(NewsRelease)
class NewsReleaseTranslation(TranslationOptions):
    fields = ("title", "slug", "summary", "body")
    empty_values = {"slug": None}


for model in (Topic, NewsRelease):
    simple_history.register(model, app="news")
