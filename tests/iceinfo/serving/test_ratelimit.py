"""Search and the locator are limited per address; pages the page cache answers never are."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.urls import reverse
from django.utils import translation

from iceinfo.serving.pagecache import PageCache
from tests.iceinfo.serving.test_pagecache import app as _app  # noqa: F401  (keeps the test's connection)
from tests.iceinfo.serving.test_pagecache import call, content_page  # noqa: F401


@pytest.fixture
def limited(settings, _app):  # noqa: F811
    settings.RATE_LIMIT_REQUESTS = 3
    return PageCache(WSGIHandler())


@pytest.mark.django_db
def test_search_answers_429_past_its_limit_while_cached_pages_do_not(limited, content_page):  # noqa: F811
    assert call(limited, "/check-in/")[0].startswith("200")
    assert call(limited, "/search/", query="q=marmot")[0].startswith("200")
    for n in range(2):
        assert call(limited, "/search/", query=f"q=busting-{n}")[0].startswith("200")
    status, headers, body = call(limited, "/search/", query="q=busting-again")
    assert status.startswith("429")
    assert headers["Retry-After"] == "60" and "no-store" in headers["Cache-Control"]
    assert b"Please wait one minute" in body
    for _ in range(5):  # answered by the page cache: never counted, never limited
        assert call(limited, "/check-in/")[0].startswith("200")
        assert call(limited, "/search/", query="q=marmot")[0].startswith("200")


@pytest.mark.django_db
def test_the_locator_is_limited_and_the_429_page_speaks_the_visitors_language(limited, content_page):  # noqa: F811
    with translation.override("es"):
        locator = reverse("contacts:fieldoffice_list")
    for n in range(3):
        assert call(limited, locator, query=f"zip={77060 + n}")[0].startswith("200")
    status, _, body = call(limited, locator, query="zip=10001")
    assert status.startswith("429")
    assert "Espere un minuto" in body.decode()


@pytest.mark.django_db
def test_other_addresses_are_not_limited(client, settings, content_page):  # noqa: F811
    settings.RATE_LIMIT_REQUESTS = 1
    assert client.get("/search/", {"q": "a"}, REMOTE_ADDR="198.51.100.1").status_code == 200
    assert client.get("/search/", {"q": "b"}, REMOTE_ADDR="198.51.100.1").status_code == 429
    assert client.get("/search/", {"q": "c"}, REMOTE_ADDR="198.51.100.2").status_code == 200
