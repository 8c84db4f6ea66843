"""Dates follow the visitor's language, including the two languages Django has no formats for."""

import re
from datetime import UTC, date

import pytest
from django.utils import formats, translation


@pytest.mark.parametrize(
    "language,expected",
    [("en", "Nov. 27, 2026"), ("tl", "11/27/2026"), ("ht", "27/11/2026"), ("fr", "27 novembre 2026")],
)
def test_date_format_follows_the_language(language, expected):
    with translation.override(language):
        assert formats.date_format(date(2026, 11, 27), "DATE_FORMAT") == expected


# Issue 18: one date format per language across the site. Visitors see dates in DATE_FORMAT (the long
# form); machine-readable copies (datetime="...") use ISO forms; a month alone uses YEAR_MONTH_FORMAT.
SHOWN_DATE_FORMATS = {'"DATE_FORMAT"', '"YEAR_MONTH_FORMAT"'}
MACHINE_DATE_FORMATS = {"'Y-m-d'", "'c'"}


def test_every_template_shows_dates_in_the_one_long_format():
    from pathlib import Path

    from django.conf import settings

    uses = []
    for template in (Path(settings.BASE_DIR) / "templates").rglob("*.html"):
        if "admin" in template.parts:
            continue
        for match in re.finditer(r"\|date(?::(\S+?))?(?=[\s}%|])", template.read_text(encoding="utf-8")):
            uses.append((template.name, match.group(1)))
    assert uses  # the templates were read
    odd = [(name, fmt) for name, fmt in uses if fmt not in SHOWN_DATE_FORMATS | MACHINE_DATE_FORMATS]
    assert odd == []


@pytest.mark.parametrize("language", ["ht", "tl"])
def test_a_month_is_numeric_where_django_has_no_month_names(language):
    with translation.override(language):
        assert formats.date_format(date(2026, 12, 4), "YEAR_MONTH_FORMAT") == "12/2026"


@pytest.mark.django_db
@pytest.mark.parametrize("language,expected", [("en", "Dec. 4, 2026"), ("es", "4 de diciembre de 2026")])
def test_the_home_page_and_the_inventory_show_the_same_date_format(client, language, expected):
    from datetime import datetime

    from iceinfo.models import Page
    from tests.factories import PageFactory, SiteSettingsFactory

    SiteSettingsFactory()
    page = PageFactory()
    Page.objects.filter(pk=page.pk).update(updated_at=datetime(2026, 12, 4, 15, tzinfo=UTC))
    prefix = "" if language == "en" else f"/{language}"
    inventory = client.get(prefix + ("/web-content-inventory/" if language == "en" else "/inventario-de-contenido-web/"))
    assert inventory.status_code == 200
    assert f">{expected}</time>" in inventory.content.decode()
    assert "12/04/2026" not in inventory.content.decode() and "04/12/2026" not in inventory.content.decode()
