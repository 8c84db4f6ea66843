"""The page frame every public page shares: site settings, navigation, footer, alerts.

Built with a fixed number of queries whatever the number of links, then kept in the shared cache
under the content version, per language. ``cached_frame()`` never touches the database, so the
500 and 503 pages can still show the agency's frame when the database is down.
"""

import logging
from collections import defaultdict

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import CharField, Value, prefetch_related_objects
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import get_language, override

from iceinfo.localize import value_language
from iceinfo.models import Alert, Link, LinkGroup, SiteSettings, Status, link_target_models, live_at
from iceinfo.serving import cache

logger = logging.getLogger("iceinfo.serving.frame")


def _target_querysets(links):
    """One queryset per link-target content type that links point to, with what get_absolute_url() needs.
    Links to any other content type (never offered, but a row can be written outside the admin) are
    dropped from ``links`` and logged."""
    querysets, allowed = [], set(link_target_models())
    for ct_id in sorted({link.content_type_id for link in links if link.content_type_id}):
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model not in allowed:
            for link in [link for link in links if link.content_type_id == ct_id]:
                logger.error("link %s (%r) points to %s, which is not site content: left out", link.pk,
                             link.label, model._meta.label if model else f"content type {ct_id}")
                links.remove(link)
            continue
        querysets.append(model.link_target_queryset())
    return querysets


def _list_url_name(path):
    """The URL name of a site path written in English ("/leadership/"), or "" for none."""
    try:
        with override(settings.LANGUAGE_CODE):
            return resolve(path.split("?", 1)[0]).view_name
    except Resolver404:
        return ""


def empty_lists(paths):
    """Which of these English site paths lead to a list with nothing live in it (one query).

    Apps declare the lists that can be empty on their AppConfig: ``list_contents = {url name:
    (model name, filters)}``.
    """
    declared = {
        name: (config.get_model(model_name), filters)
        for config in apps.get_app_configs()
        for name, (model_name, filters) in getattr(config, "list_contents", {}).items()
    }
    listed = {path: name for path in paths if (name := _list_url_name(path)) in declared}
    if not listed:
        return set()
    parts = [
        declared[name][0].objects.published().filter(**declared[name][1]).order_by()
        .annotate(list_name=Value(name, output_field=CharField())).values_list("list_name").distinct()
        for name in sorted(set(listed.values()))
    ]
    filled = {name for (name,) in parts[0].union(*parts[1:])}
    return {path for path, name in listed.items() if name not in filled}


def _href(link):
    """The link's address; empty (and logged) when its target cannot give one."""
    try:
        return link.href
    except Exception:  # noqa: BLE001 - one bad row must never take every page down
        logger.exception("link %s (%r) has no address: left out", link.pk, link.label)
        return ""


def build_frame():
    """Assemble the frame from the database (a fixed number of queries). Only live link groups."""
    settings_row = SiteSettings.load()
    links = list(
        Link.objects.select_related("group")
        .filter(group__in=LinkGroup.objects.published())
        .order_by("group__placement", "group__order", "group_id", "order", "pk")
    )
    querysets = _target_querysets(links)
    if querysets:
        prefetch_related_objects(links, GenericPrefetch("target", querysets))
    groups, by_group = [], defaultdict(list)
    # A link to a list with nothing in it (no leader published yet, say) is left out of the menus
    # and the home page rather than lead visitors to an empty page.
    empty = empty_lists({link.url for link in links if link.url.startswith("/")})
    for link in links:
        href = _href(link)
        if not href or link.url in empty:
            continue  # target unpublished, deleted, without an address or an empty list: drop the link rather than 404
        if link.group_id not in by_group:
            groups.append(link.group)
        by_group[link.group_id].append(
            {"label": link.label, "heading": link.heading, "description": link.description, "href": href,
             "icon": link.icon, "external": link.is_external, "lang": value_language(link, "label"),
             "heading_lang": value_language(link, "heading"),
             "description_lang": value_language(link, "description")}
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
        # The home overview's sources (shown under it), kept with the frame so a warm home page needs no query.
        "site_sources": list(settings_row.sources.all()) if settings_row is not None else [],
        "updated_at": max(edits, default=None),  # latest edit of settings and links (alerts: _present)
        "placements": dict(placements),
        "alerts": alerts,
    }


def _live_alerts(alerts, now):
    """The alerts of a stored frame (read published, whatever their schedule) that are live at ``now``."""
    return [alert for alert in alerts if live_at(alert.status, alert.publish_at, alert.unpublish_at, now)]


def _present(frame):
    placements = frame["placements"]
    alerts = _live_alerts(frame["alerts"], timezone.now())
    return {
        "site_settings": frame["site_settings"],
        "site_sources": frame.get("site_sources", []),
        "nav_groups": placements.get("nav", []),
        # The footer shows its sections and the social accounts in the editors' order.
        "footer_groups": sorted(placements.get("footer", []) + placements.get("social", []), key=lambda g: g["order"]),
        "identifier_groups": placements.get("identifier", []),
        "home_card_groups": placements.get("home_cards", []),
        "home_overview_groups": placements.get("home_overview", []),
        "home_task_groups": placements.get("home_tasks", []),
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
    frame = cache.stored_frame(key) if key else None
    if frame is None:
        frame = build_frame()
        if key:
            frame["id"] = cache.new_frame_id()
            cache.store_frame(key, frame)
    return _present(frame)


def cached_frame():
    """The frame from the cache only (no database); an empty frame when it is not there."""
    version = cache.content_version(database=False)
    frame = cache.stored_frame(cache.frame_key(get_language(), version)) if version is not None else None
    if frame is None:
        return _present({"site_settings": None, "placements": {}, "alerts": []})
    return _present(frame)
