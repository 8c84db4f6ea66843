"""One validator for every address an editor types (issue #14, finding 8), through the admin."""

import pytest

from contacts.models import ContactChannel
from iceinfo.models import Alert, Link
from tests.contacts.factories import ContactChannelFactory
from tests.factories import AlertFactory, LinkFactory, LinkGroupFactory, SiteSettingsFactory
from tests.helpers import change_url
from tests.iceinfo.admin_helpers import form_data

pytestmark = pytest.mark.django_db

BAD = ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "//evil.example", "/\\evil.example",
       "\\\\evil.example", "evil.example", "https://", "https://evil.example/\\x", "/con tact/",
       "vbscript:x", "tel:abc", "mailto:not an address", "ftp://example.gov/"]
GOOD = ["https://www.dhs.gov/", "http://example.gov/a?b=c#d", "mailto:info@ice.dhs.gov", "tel:+18663472423",
        "/contact/", "/contact/field-offices/?state=TX#list", "/"]


@pytest.mark.parametrize("address", BAD + GOOD)
def test_alert_link(admin_client, address):
    SiteSettingsFactory()
    alert = AlertFactory(link_url="", link_text_en="More")
    response = admin_client.get(change_url(alert))
    response = admin_client.post(change_url(alert), form_data(response, link_url=address))
    alert = Alert.objects.get(pk=alert.pk)
    if address in GOOD:
        assert response.status_code == 302 and alert.link_url == address
    else:
        assert response.status_code == 200 and "link_url" in response.context["adminform"].form.errors
        assert alert.link_url == ""


@pytest.mark.parametrize("address", BAD + GOOD)
def test_contact_channel_address(admin_client, address):
    SiteSettingsFactory()
    channel = ContactChannelFactory(url="")
    response = admin_client.get(change_url(channel))
    response = admin_client.post(change_url(channel), form_data(response, url=address))
    stored = ContactChannel.objects.get(pk=channel.pk).url
    assert (response.status_code, stored) == ((302, address) if address in GOOD else (200, ""))


@pytest.mark.parametrize("address", ["//evil.example", "/\\evil.example", "javascript:alert(1)", "/contact/"])
def test_link_address(admin_client, address):
    SiteSettingsFactory()
    group = LinkGroupFactory()
    link = LinkFactory(group=group, url="https://example.gov/")
    response = admin_client.get(change_url(group))
    response = admin_client.post(change_url(group), form_data(response, **{"links-0-url": address}))
    stored = Link.objects.get(pk=link.pk).url
    assert stored == (address if address == "/contact/" else "https://example.gov/")


def test_site_settings_parent_agency_address(admin_client):
    settings_row = SiteSettingsFactory()
    response = admin_client.get(change_url(settings_row))
    response = admin_client.post(change_url(settings_row), form_data(response, parent_agency_url="ftp://dhs.gov/"))
    assert response.status_code == 200
