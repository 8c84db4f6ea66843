"""Issue #21 item 9: the browser's spell-check stays on in every rich-text field and text area."""

import json
import re
from html import unescape

import pytest
from django.urls import reverse

from tests.factories import DirectorateFactory, SiteSettingsFactory


@pytest.mark.django_db
def test_rich_text_fields_keep_spell_check_on(admin_client):
    SiteSettingsFactory()
    directorate = DirectorateFactory()
    html = admin_client.get(reverse("admin:directorates_directorate_change", args=[directorate.pk])).content.decode()
    configs = re.findall(r'data-django-prose-editor-iceinfo="([^"]+)"', html)
    assert configs
    for config in configs:
        assert "NoSpellCheck" not in json.loads(unescape(config))["extensions"]
    assert 'spellcheck="false"' not in html
