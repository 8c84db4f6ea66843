"""News releases, statements and speeches or testimonies, each under a topic.

A release may name the directorate it comes from. The link is by string label
("directorates.Directorate"): the two domain apps still never import each other's code.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iceinfo.models import Publishable, validate_translated_slugs_unique
from iceinfo.richtext import RichTextField


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text=_("Used in filter addresses."))
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:newsrelease_list") + f"?topic={self.slug}"


class NewsRelease(Publishable):
    class Kind(models.TextChoices):
        NEWS = "news", _("News release")
        STATEMENT = "statement", _("Statement")
        SPEECH = "speech", _("Speech or testimony")

    title = models.CharField(_("title"), max_length=300)
    # Unique across every language (see clean()), as for directorates.
    slug = models.SlugField(_("slug"), max_length=120, help_text=_("The last part of the page's address."))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.NEWS, db_index=True)
    date = models.DateField(_("date"), db_index=True)
    dateline_city = models.CharField(_("dateline city"), max_length=100, blank=True)
    dateline_state = models.CharField(
        _("dateline state"), max_length=60, blank=True, help_text=_("For example TX, or a country abroad.")
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="releases", verbose_name=_("topic")
    )
    directorate = models.ForeignKey(
        "directorates.Directorate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_releases",
        verbose_name=_("directorate or office"),
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two plain sentences for lists and feeds."))
    body = RichTextField(_("body"), blank=True)
    archived = models.BooleanField(
        _("archived"), default=False, help_text=_("Shows the archived-content notice: kept for reference only.")
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("news release")
        verbose_name_plural = _("news releases")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        validate_translated_slugs_unique(self, _("Another news release already uses this address."))

    def get_absolute_url(self):
        return reverse("news:newsrelease_detail", kwargs={"slug": self.slug})

    @property
    def dateline(self):
        return ", ".join(part for part in (self.dateline_city, self.dateline_state) if part)

    @classmethod
    def link_target_queryset(cls):
        return cls.objects.all()
