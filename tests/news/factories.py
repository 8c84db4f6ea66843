"""Factories for news: unique slugs by Sequence, English and Spanish set on purpose."""

import datetime

import factory

from iceinfo.models import Status
from news.models import NewsRelease, Topic


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_es = factory.Sequence(lambda n: f"Tema {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class NewsReleaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsRelease

    status = Status.PUBLISHED
    title_en = factory.Sequence(lambda n: f"Release {n}")
    title_es = factory.Sequence(lambda n: f"Comunicado {n}")
    slug_en = factory.Sequence(lambda n: f"release-{n}")
    slug_es = factory.Sequence(lambda n: f"comunicado-{n}")
    date = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))
    dateline_city = "Houston"
    dateline_state = "TX"
    summary_en = "A summary."
    summary_es = "Un resumen."
    body_en = "<p>Body.</p>"
    body_es = "<p>Cuerpo.</p>"
    topic = factory.SubFactory(TopicFactory)
