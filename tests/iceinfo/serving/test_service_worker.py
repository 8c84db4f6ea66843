"""The service worker script is served from the site's root, so its scope covers every page."""

import pytest


@pytest.mark.django_db
def test_service_worker_is_served_at_the_root_and_revalidated(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"  # a new version takes over at the next visit
    assert response["Service-Worker-Allowed"] == "/"
    script = response.content.decode()
    assert '"/admin/"' in script and 'request.method !== "GET"' in script  # never the admin, never a POST
    assert client.post("/sw.js").status_code == 405


@pytest.mark.django_db
def test_every_public_page_names_the_worker(client):
    html = client.get("/").content.decode()
    assert 'data-service-worker="/sw.js"' in html and "data-offline-notice hidden" in html
