"""Dates follow the visitor's language, including the two languages Django has no formats for."""

from datetime import date

import pytest
from django.utils import formats, translation


@pytest.mark.parametrize(
    "language,expected",
    [("en", "Nov. 27, 2026"), ("tl", "11/27/2026"), ("ht", "27/11/2026"), ("fr", "27 novembre 2026")],
)
def test_date_format_follows_the_language(language, expected):
    with translation.override(language):
        assert formats.date_format(date(2026, 11, 27), "DATE_FORMAT") == expected
