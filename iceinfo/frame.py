"""The page frame every public page shares: site settings, navigation, footer, alerts.

Built with a fixed number of queries whatever the number of links, then kept in the shared cache
under the content version, per language. ``cached_frame()`` never touches the database, so the
500 and 503 pages can still show the agency's frame when the database is down.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import get_language

from . import cache
from .localize import value_language
from .models import Alert, Link, SiteSettings, Status


def _target_querysets(links):
    """One queryset per content type that links point to, with what get_absolute_url() needs."""
    querysets = []
    for ct_id in sorted({link.content_type_id for link in links if link.content_type_id}):
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            continue
        hook = getattr(model, "link_target_queryset", None)
        querysets.append(hook() if hook else model._default_manager.all())
    return querysets


def build_frame():
    """Assemble the frame from the database (a fixed number of queries)."""
    settings_row = SiteSettings.load()
    links = list(Link.objects.select_related("group").order_by("group__placement", "group__order", "group_id", "order", "pk"))
    querysets = _target_querysets(links)
    if querysets:
        prefetch_related_objects(links, GenericPrefetch("target", querysets))
    groups, by_group = [], defaultdict(list)
    for link in links:
        href = link.href
        if not href:
            continue  # internal target unpublished or deleted: drop the link rather than 404
        if link.group_id not in by_group:
            groups.append(link.group)
        by_group[link.group_id].append(
            {"label": link.label, "heading": link.heading, "description": link.description, "href": href,
             "icon": link.icon, "external": link.is_external, "lang": value_language(link, "label")}
        )
    placements = defaultdict(list)
    for group in groups:
        placements[group.placement].append(
            {"title": group.title, "slug": group.slug, "links": by_group[group.pk], "order": group.order,
             "placement": group.placement, "lang": value_language(group, "title")}
        )
    alerts = list(Alert.objects.filter(status=Status.PUBLISHED))
    edits = [row.updated_at for row in links] + [link.group.updated_at for link in links]
    if settings_row is not None:
        edits.append(settings_row.updated_at)
    return {
        "site_settings": settings_row,
        "updated_at": max(edits, default=None),  # latest edit of settings and links (alerts: _present)
        "placements": dict(placements),
        "alerts": alerts,
    }


def _live_alerts(alerts, now):
    return [
        alert
        for alert in alerts
        if (alert.publish_at is None or alert.publish_at <= now)
        and (alert.unpublish_at is None or alert.unpublish_at > now)
    ]


def _present(frame):
    placements = frame["placements"]
    alerts = _live_alerts(frame["alerts"], timezone.now())
    return {
        "site_settings": frame["site_settings"],
        "nav_groups": placements.get("nav", []),
        # The footer shows its sections and the social accounts in the editors' order.
        "footer_groups": sorted(placements.get("footer", []) + placements.get("social", []), key=lambda g: g["order"]),
        "identifier_groups": placements.get("identifier", []),
        "home_card_groups": placements.get("home_cards", []),
        "home_overview_groups": placements.get("home_overview", []),
        "active_alerts": alerts,
        # Set when this frame is stored in the shared cache: {% frame_fragment %} keeps HTML under it.
        "id": frame.get("id"),
        "updated_at": max(
            [stamp for stamp in [frame.get("updated_at")] + [alert.updated_at for alert in alerts] if stamp],
            default=None,
        ),
    }


def get_frame():
    """The frame for the active language: from the cache, else built and stored."""
    language = get_language()
    version = cache.content_version()
    key = cache.frame_key(language, version) if version is not None else None
    frame = cache.safe_get(key) if key else None
    if frame is None:
        frame = build_frame()
        if key:
            frame["id"] = cache.new_frame_id()
            cache.safe_set(key, frame)
    return _present(frame)


def cached_frame():
    """The frame from the cache only (no database); an empty frame when it is not there."""
    version = cache.content_version(database=False)
    frame = cache.safe_get(cache.frame_key(get_language(), version)) if version is not None else None
    if frame is None:
        return _present({"site_settings": None, "placements": {}, "alerts": []})
    return _present(frame)
