"""USWDS pagination helpers shared by every paginated list (templates/includes/pagination.html)."""

import re

from django.core.paginator import InvalidPage
from django.http import Http404

from iceinfo.query import declared_query

PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


def page_or_404(paginator, number):
    """The page of ``paginator`` that ``?page=`` (``number``, None when absent) asks for.

    Only pages the list really has are answered: "0", "01", "x" or a number past the end are a 404
    (which the page cache never stores), not the nearest page under yet another address.
    """
    if number is None:
        return paginator.page(1)
    if not PAGE_NUMBER.fullmatch(number):
        raise Http404("No such page of this list")
    try:
        return paginator.page(int(number))
    except InvalidPage:
        raise Http404("No such page of this list") from None


def page_links(page_obj):
    """What USWDS pagination (templates/includes/pagination.html) shows of ``page_obj``, as plain values
    (so the HTML is rendered once per process for the same values, ``{% include_pure %}``): the page's
    number, the previous and next page's (None at either end) and the numbers to link, with None for
    an ellipsis."""
    last, current = page_obj.paginator.num_pages, page_obj.number
    wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    links, previous = [], 0
    for number in wanted:
        if number - previous > 1:
            links.append(None)
        links.append(number)
        previous = number
    return {
        "number": current,
        "previous": current - 1 if current > 1 else None,
        "next": current + 1 if current < last else None,
        "links": links,
    }


def query_without_page(request):
    """The declared query parameters of ``request`` without its page number (for the page links)."""
    return declared_query(request, without=("page",)).urlencode()
