"""A dead database's 503 is in the address's language, also when answered before LocaleMiddleware ran
(found deploying issue #22: the page cache's content-version read failed first, and every 503 after it,
for /es/ and /ru/ pages alike, came in English)."""

import pytest

from iceinfo.serving.outage import note_database_answers, note_database_outage


@pytest.fixture
def database_just_failed():
    note_database_outage()  # what the page cache does when its content-version read fails
    yield
    note_database_answers()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/es/", "es", "Este sitio no está disponible temporalmente"),
        ("/ru/news/", "ru", "Этот сайт временно недоступен"),
        ("/", "en", "This site is temporarily unavailable"),
    ],
)
def test_the_503_of_a_database_that_just_failed_speaks_the_pages_language(
    client, database_just_failed, path, lang, heading
):
    response = client.get(path)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    body = response.content.decode()
    assert f'<html lang="{lang}"' in body and heading in body
