"""Site-wide content: the foundation layer. It imports neither domain app.

``Publishable`` is the shared abstract base for everything with a draft/published life; its
queryset's ``published()`` is the one definition of "live now" (filtered at read time, so a
scheduled change needs no cron job).
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iceinfo.localize import localize_path, slug_fields, value_language
from iceinfo.richtext import RichTextField
from iceinfo.validators import validate_address


def content_apps():
    """The apps whose models are the site's content, in INSTALLED_APPS order.

    An app declares itself with ``site_content = True`` on its AppConfig; the foundation never lists app
    labels. Saving their rows bumps the content version, and the roles grant their permissions.
    """
    from django.apps import apps

    return [config for config in apps.get_app_configs() if getattr(config, "site_content", False)]


def has_field(model, name):
    """True when ``model`` has a field called ``name``."""
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def live_at(status, publish_at, unpublish_at, now):
    """True when content with this status and schedule window is live at ``now``: the definition of
    "live now" in Python, which ``PublishableQuerySet.published`` says in SQL."""
    return (
        status == Status.PUBLISHED
        and (publish_at is None or publish_at <= now)
        and (unpublish_at is None or unpublish_at > now)
    )


class PublishableQuerySet(models.QuerySet):
    def published(self, now=None):
        """Rows a visitor may see right now: published, and inside their schedule window (``live_at``)."""
        now = now or timezone.now()
        return self.filter(
            Q(status=Status.PUBLISHED),
            Q(publish_at__isnull=True) | Q(publish_at__lte=now),
            Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now),
        )


class Publishable(models.Model):
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        _("publish at"), null=True, blank=True, help_text=_("Leave empty to publish as soon as the status is Published.")
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"), null=True, blank=True, help_text=_("Leave empty to keep it on the site.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    # Optimistic locking: a save carrying an older version than the row's is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    content_date = models.DateField(
        _("content as of"),
        null=True,
        blank=True,
        help_text=_("The date the facts on this item were true. Set to today when you change the content, "
                    "unless you give a date here."),
    )
    sources = GenericRelation("iceinfo.Source")

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.publish_at and self.unpublish_at and self.unpublish_at <= self.publish_at:
            raise ValidationError({"unpublish_at": _("The unpublish time must come after the publish time.")})

    @property
    def content_as_of(self):
        return content_as_of(self)

    @property
    def is_live(self):
        return live_at(self.status, self.publish_at, self.unpublish_at, timezone.now())


def content_as_of(obj):
    """The date a visitor is told the content is from: its content date, else the day it was last saved."""
    if obj.content_date:
        return obj.content_date
    stamp = getattr(obj, "updated_at", None)
    if isinstance(stamp, datetime.datetime):
        return timezone.localdate(stamp) if timezone.is_aware(stamp) else stamp.date()
    return stamp


def has_sources(model):
    """True for the site's content models: the ones that carry sources and a content date."""
    return issubclass(model, Publishable | SiteSettings) and not model._meta.abstract


def content_models_q():
    """Limit a content type choice to the site's content models (the foundation lists no app)."""
    query = Q(pk__in=[])
    for model in apps.get_models():
        if has_sources(model) and not hasattr(model, "history_object"):
            query |= Q(app_label=model._meta.app_label, model=model._meta.model_name)
    return query


class SiteSettings(models.Model):
    """The one row of site-wide facts shown in the page frame (header, footer, identifier)."""

    agency_name = models.CharField(_("agency name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=30, help_text=_("For example ICE."))
    tip_line_label = models.CharField(
        _("tip line label"), max_length=120, blank=True, help_text=_("What the tip line is for, e.g. Report crimes.")
    )
    tip_line_display = models.CharField(
        _("tip line as shown"), max_length=40, blank=True, help_text=_("For example 1-866-DHS-2-ICE.")
    )
    tip_line_tel = models.CharField(
        _("tip line digits"), max_length=20, blank=True, help_text=_("Digits for the tel: link, e.g. +18663472423.")
    )
    address_street = models.CharField(_("headquarters street"), max_length=200, blank=True)
    address_locality = models.CharField(
        _("headquarters city, state and ZIP"), max_length=200, blank=True
    )
    domain = models.CharField(_("domain"), max_length=100, blank=True, help_text=_("For example ice.gov."))
    parent_agency_name = models.CharField(_("parent agency"), max_length=200, blank=True)
    parent_agency_url = models.URLField(_("parent agency address"), blank=True)
    mission = models.CharField(
        _("mission"), max_length=300, blank=True,
        help_text=_("One plain sentence under the agency's name at the top of the home page."),
    )
    overview_heading = models.CharField(_("overview heading"), max_length=200, blank=True)
    overview = RichTextField(_("overview"), blank=True)
    content_date = models.DateField(
        _("content as of"),
        null=True,
        blank=True,
        help_text=_("The date the facts of the home overview were true. Set to today when you change the "
                    "content, unless you give a date here."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sources = GenericRelation("iceinfo.Source")

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(self.agency_name or _("Site settings"))

    def clean(self):
        super().clean()
        validate_address(self.parent_agency_url, "parent_agency_url")

    def save(self, *args, **kwargs):
        self.pk = 1  # one row, always
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        return cls.objects.filter(pk=1).first()

    def get_absolute_url(self):
        return reverse("iceinfo:home")

    @property
    def content_as_of(self):
        return content_as_of(self)

    @property
    def full_address(self):
        return ", ".join(part for part in (self.address_street, self.address_locality) if part)


class Alert(Publishable):
    class Level(models.TextChoices):
        INFO = "info", _("Information")
        WARNING = "warning", _("Warning")
        EMERGENCY = "emergency", _("Emergency")

    title = models.CharField(_("title"), max_length=200, blank=True)
    message = models.TextField(_("message"), blank=True)
    link_url = models.CharField(
        _("link"), max_length=500, blank=True, help_text=_("A path on this site (/contact/) or a full https:// address.")
    )
    link_text = models.CharField(_("link text"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.INFO)
    show_spanish_alongside = models.BooleanField(
        _("also show the Spanish text on pages in other languages"), default=False
    )
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self):
        return self.title or self.message[:60] or self.link_text

    def clean(self):
        super().clean()
        if not (self.message or (self.link_url and self.link_text)):
            raise ValidationError(_("Give a message, or a link with its text."))
        validate_address(self.link_url, "link_url")

    def get_absolute_url(self):
        return reverse("iceinfo:home")

    @property
    def href(self):
        """The alert's link in the visitor's language (site paths are written in English)."""
        return localize_path(self.link_url)

    @property
    def usa_alert_class(self):
        return {"info": "usa-alert--info", "warning": "usa-alert--warning", "emergency": "usa-alert--emergency"}[
            self.level
        ]


class LinkGroup(Publishable):
    """A titled list of links: a footer section, the social accounts, the identifier links.

    Publishable: an Editor's new group is a draft and an Editor's change to a live group (its links
    included, as inline rows) is kept as a draft until a Publisher publishes it.
    """

    class Placement(models.TextChoices):
        NAV = "nav", _("Primary navigation")
        FOOTER = "footer", _("Footer section")
        SOCIAL = "social", _("Social media")
        IDENTIFIER = "identifier", _("Identifier (bottom of every page)")
        HOME_CARDS = "home_cards", _("Home page cards")
        HOME_OVERVIEW = "home_overview", _("Home page overview links")
        HOME_TASKS = "home_tasks", _("Home page top tasks")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    placement = models.CharField(_("placement"), max_length=20, choices=Placement.choices, default=Placement.FOOTER)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        ordering = ["placement", "order", "pk"]
        verbose_name = _("link group")
        verbose_name_plural = _("link groups")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("iceinfo:home")


def link_target_models():
    """The site's content models a Link may point to: every installed model that says how links
    reach it (a ``link_target_queryset`` classmethod next to its ``get_absolute_url``). Discovered,
    so the foundation names no domain app; users, permissions, sessions, history rows are never targets."""
    return [
        model
        for model in apps.get_models()
        if callable(getattr(model, "link_target_queryset", None)) and hasattr(model, "get_absolute_url")
    ]


def link_target_choices():
    """``limit_choices_to`` of Link.content_type: the content types of link_target_models()."""
    allowed = Q(pk__in=[])
    for model in link_target_models():
        allowed |= Q(app_label=model._meta.app_label, model=model._meta.model_name)
    return allowed


class Link(models.Model):
    """A link to internal content (follows its slug and language) or to an external address."""

    class Icon(models.TextChoices):
        NONE = "", _("None")
        FACEBOOK = "facebook", "Facebook"
        TWITTER = "twitter", "Twitter"
        YOUTUBE = "youtube", "YouTube"
        INSTAGRAM = "instagram", "Instagram"
        FLICKR = "flickr", "Flickr"
        LINKEDIN = "linkedin", "LinkedIn"
        RSS = "rss_feed", "RSS"

    group = models.ForeignKey(LinkGroup, on_delete=models.CASCADE, related_name="links", verbose_name=_("group"))
    label = models.CharField(_("label"), max_length=200)
    heading = models.CharField(
        _("heading"), max_length=200, blank=True, help_text=_("Optional heading shown above the link, e.g. on cards.")
    )
    description = models.CharField(
        _("description"), max_length=300, blank=True, help_text=_("Optional text shown with the link, e.g. on cards.")
    )
    url = models.CharField(
        _("external address or site path"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty when the link points to content on this site (below)."),
    )
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        limit_choices_to=link_target_choices,  # checked on every save through a form (ForeignKey.validate)
        verbose_name=_("content type"),
    )
    object_id = models.PositiveBigIntegerField(_("content id"), null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    icon = models.CharField(_("icon"), max_length=20, choices=Icon.choices, blank=True, default="")
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["group", "order", "pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        has_target = bool(self.content_type_id and self.object_id)
        if has_target == bool(self.url):
            raise ValidationError(_("Give an address or a page on this site: one of the two, not both."))
        validate_address(self.url, "url")
        if has_target:
            model = self.content_type.model_class()
            if model not in link_target_models():
                raise ValidationError({"content_type": _("Links can only point to pages and other site content.")})
            if not model._base_manager.filter(pk=self.object_id).exists():
                raise ValidationError({"object_id": _("There is no such item: check the content id.")})

    @property
    def href(self):
        """The address to link to; empty when the internal target is gone or not live."""
        if self.content_type_id:
            target = self.target
            if target is None or (hasattr(target, "is_live") and not target.is_live):
                return ""
            return target.get_absolute_url()
        return localize_path(self.url)

    @property
    def is_external(self):
        return not self.content_type_id and self.url.startswith(("https://", "http://"))

    def get_absolute_url(self):
        return self.href or reverse("iceinfo:home")


class Page(Publishable):
    """A content page at /<parent slug>/<slug>/ (for example /about-ice/mission/)."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, help_text=_("The last part of the page's address."))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two plain sentences for lists and search."))
    body = RichTextField(_("body"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"], name="page_unique_slug_in_parent"),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(parent__isnull=True), name="page_unique_top_level_slug"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def path(self):
        parts, page, seen = [], self, set()
        while page is not None and page.pk not in seen:
            seen.add(page.pk)
            parts.append(page.slug)
            page = page.parent
        return "/".join(reversed(parts))

    def get_absolute_url(self):
        return reverse("pages:page", kwargs={"path": self.path})

    def live_window(self):
        """(status, publish_at, unpublish_at) of the page as visitors can reach it: its own, narrowed by
        every ancestor's (a page under an unpublished page is not live). The one definition of a live page:
        the page view (pages.find_page), sitemaps, inventory and the search index all follow it."""
        status, start, end = self.status, self.publish_at, self.unpublish_at
        page, seen = self.parent, {self.pk}
        while page is not None and page.pk not in seen:
            seen.add(page.pk)
            if page.status != Status.PUBLISHED:
                status = Status.DRAFT
            if page.publish_at and (start is None or page.publish_at > start):
                start = page.publish_at
            if page.unpublish_at and (end is None or page.unpublish_at < end):
                end = page.unpublish_at
            page = page.parent
        return status, start, end

    @property
    def is_live(self):
        return live_at(*self.live_window(), timezone.now())

    @property
    def breadcrumbs(self):
        """Ancestors, outermost first, as {title, url, lang} for the breadcrumb trail (lang: the title's)."""
        crumbs, page, seen = [], self.parent, {self.pk}
        while page is not None and page.pk not in seen:
            seen.add(page.pk)
            crumbs.append({"title": page.title, "url": page.get_absolute_url(), "lang": value_language(page, "title")})
            page = page.parent
        return list(reversed(crumbs))

    @classmethod
    def link_target_queryset(cls):
        """What Link needs to build this page's address without more queries."""
        return cls.objects.select_related("parent__parent")


class Source(models.Model):
    """Where a piece of content's facts come from: an official page, with the date the fact was true
    or read. Shown under the content as its "Sources" list."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, limit_choices_to=content_models_q, verbose_name=_("content type")
    )
    object_id = models.PositiveBigIntegerField(_("content id"))
    content_object = GenericForeignKey("content_type", "object_id")
    url = models.URLField(
        _("address"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The full https:// address of the page the facts come from."),
    )
    title = models.CharField(
        _("title"), max_length=300, help_text=_("The source page's own title, as it shows it (not translated).")
    )
    date = models.DateField(_("date"), help_text=_("The date the fact was true, or the day you read the page."))
    order = models.PositiveIntegerField(_("order"), default=0, db_index=True)

    class Meta:
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="source_content_object")]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.content_type_id:
            model = self.content_type.model_class()
            if model is None or not has_sources(model):
                raise ValidationError({"content_type": _("Sources belong to a page or other content of this site.")})


class SeedRecord(models.Model):
    """What load_seed_content last wrote to a row, so an editor's later change is never overwritten."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    seed_key = models.CharField(max_length=300)
    # The record's key as written in the seed (JSON), so references find the row after an editor
    # changed the fields the key names (e.g. a page's slug).
    ref_key = models.CharField(max_length=500, blank=True, db_index=True)
    fingerprint = models.CharField(max_length=64)
    source = models.CharField(_("source"), max_length=500, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "seed_key"], name="seedrecord_unique_key")]
        verbose_name = _("seed record")
        verbose_name_plural = _("seed records")

    def __str__(self):
        return f"{self.content_type.model}:{self.seed_key}"


class ReviewState(models.TextChoices):
    EDITING = "editing", _("Not submitted")
    SUBMITTED = "submitted", _("Waiting for review")
    RETURNED = "returned", _("Sent back")


class ContentDraft(models.Model):
    """Unpublished changes to a published row: the live row stays as it is until a publisher publishes.

    ``data`` holds the edited field values (serialised per field); ``revision`` counts draft saves, so
    the optimistic lock also catches two editors saving drafts of the same item.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    data = models.JSONField(default=dict)
    revision = models.PositiveIntegerField(default=1)
    base_version = models.PositiveIntegerField(default=1)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("author")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Review (iceinfo.editing.review): an editor submits the draft, a publisher publishes it or sends it back.
    review_state = models.CharField(
        _("review"), max_length=10, choices=ReviewState.choices, default=ReviewState.EDITING, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submit_comment = models.TextField(_("comment for the publishers"), blank=True)
    # The admin language the editor worked in: the emails to them are written in it.
    submitted_language = models.CharField(_("language"), max_length=10, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("sent back by"),
    )
    returned_at = models.DateTimeField(_("sent back"), null=True, blank=True)
    return_comment = models.TextField(_("comment for the author"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="contentdraft_unique_object")
        ]
        verbose_name = _("unpublished draft")
        verbose_name_plural = _("unpublished drafts")
        permissions = [("publish_content", _("Can publish, schedule and unpublish content"))]

    def __str__(self):
        return f"{self.content_type.model}:{self.object_id}"


class SearchDocument(models.Model):
    """One piece of content as the site search reads it, in one language (see ``iceinfo.composition.search``).

    Rebuilt from its source row on every save and delete (signals), and in full by
    ``manage.py rebuild_search_index``. Text is plain (HTML stripped), in the language's own words
    or its English fallback. On PostgreSQL ``search_vector`` holds the stored tsvector (title weighted
    A, body B) under the language's text search configuration, with a GIN index (migration 0004); on
    SQLite an FTS5 table over title and body follows the rows by triggers (migration 0010: a migration
    that alters this table on SQLite must recreate them).
    Bookkeeping only: saving one never bumps the content version.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=12)
    kind = models.CharField(max_length=30)
    config = models.CharField(max_length=30, default="simple")  # PostgreSQL text search configuration
    text_language = models.CharField(max_length=12, blank=True)  # "en" where the title fell back to English
    title = models.CharField(max_length=400)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    publish_at = models.DateTimeField(null=True, blank=True)
    unpublish_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"], name="searchdocument_unique_object_language"
            )
        ]
        indexes = [models.Index(fields=["language", "status"], name="searchdoc_language_status")]
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return f"{self.language}: {self.title}"

    def get_absolute_url(self):
        return self.url


def validate_translated_slugs_unique(instance, message):
    """Refuse a slug (in any language) that another row of the model uses in any language, so each
    address leads to exactly one item whatever the language it was written in."""
    fields = slug_fields()
    for field in fields:
        value = getattr(instance, field, None)
        if not value:
            continue
        clash = Q()
        for other in fields:
            clash |= Q(**{other: value})
        if type(instance)._default_manager.filter(clash).exclude(pk=instance.pk).exists():
            raise ValidationError({field: message})


class ContentVersion(models.Model):
    """The content version, one row: what ``iceinfo.serving.cache`` keys every stored page and frame by.

    Kept here, not in the shared cache, so that a bump cannot be lost: it is written in the same
    transaction as the edit that causes it. The shared cache only mirrors it for a few seconds
    (``CONTENT_VERSION_MIRROR_SECONDS``), and each process keeps that copy until Redis announces a
    change (``iceinfo.serving.version_watch``); without a shared cache every process reads this row.
    ``next_change`` is when the next scheduled publish/unpublish happens (the first request after
    it bumps the version). Bookkeeping only: saving it never bumps the version itself.
    """

    value = models.BigIntegerField()
    next_change = models.FloatField(null=True, blank=True)  # epoch seconds
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self):
        return str(self.value)
