"""Resolving a page path (/about-ice/mission/) in any language, following old or foreign slugs."""

import re

from django.db.models import Q

from iceinfo.localize import slug_fields
from iceinfo.models import Page

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


def find_page(path, language):
    """Return (page, needs_redirect) for a slash-separated path, or (None, False).

    Each segment may be the slug in any language; when the path found is not the page's own path
    in ``language`` the caller redirects to the canonical address.
    """
    segments = [segment for segment in path.strip("/").split("/") if segment]
    if not segments or len(segments) > 6 or not all(SLUG.fullmatch(segment) for segment in segments):
        return None, False  # not a path any page can have (slugs are short ASCII words)
    fields = slug_fields()
    slug_match = Q()
    for field in fields:
        slug_match |= Q(**{f"{field}__in": segments})
    candidates = list(Page.objects.published().filter(slug_match).select_related("parent"))
    by_id = {page.pk: page for page in candidates}

    def slugs(page):
        return {getattr(page, field) for field in fields if getattr(page, field)}

    parent_id = None
    found = None
    for segment in segments:
        found = next(
            (page for page in candidates if page.parent_id == parent_id and segment in slugs(page)),
            None,
        )
        if found is None:
            return None, False
        parent_id = found.pk
    # Ancestors must be live too (they were fetched from the published queryset): Page.live_window's rule.
    ancestor = found.parent_id
    while ancestor is not None:
        if ancestor not in by_id:
            return None, False
        ancestor = by_id[ancestor].parent_id
    return found, found.path != "/".join(segments)
