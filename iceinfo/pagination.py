"""USWDS pagination helpers shared by every paginated list (templates/includes/pagination.html)."""


def page_links(page_obj):
    """Page numbers to show in USWDS pagination, with None for an ellipsis."""
    last, current = page_obj.paginator.num_pages, page_obj.number
    wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    links, previous = [], 0
    for number in wanted:
        if number - previous > 1:
            links.append(None)
        links.append(number)
        previous = number
    return links


def query_without_page(querydict):
    """The query string of a request without its page number (for the page links)."""
    query = querydict.copy()
    query.pop("page", None)
    return query.urlencode()
