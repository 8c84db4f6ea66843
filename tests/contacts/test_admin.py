"""Admin: language tabs, coverage inline, history, for field offices and the other contacts models."""

import pytest
from django.urls import reverse

from .factories import ContactChannelFactory, CoverageFactory, InternationalOfficeFactory


@pytest.mark.django_db
def test_field_office_admin(admin_client):
    coverage = CoverageFactory(county="Harris")
    office = coverage.office
    assert admin_client.get(reverse("admin:contacts_fieldoffice_changelist"), {"q": "Harris"}).status_code == 200
    response = admin_client.get(reverse("admin:contacts_fieldoffice_change", args=[office.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("name_en", "name_es", "area_of_responsibility_es", "notes_es", "source", "verified_on"):
        assert f'name="{name}"' in html
    assert "coverage-0-county" in html
    assert "googleapis" not in html
    history = admin_client.get(reverse("admin:contacts_fieldoffice_history", args=[office.pk]))
    assert history.status_code == 200
    assert office.history.first().name_es == office.name_es


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "factory"),
    [("internationaloffice", InternationalOfficeFactory), ("contactchannel", ContactChannelFactory)],
)
def test_other_admins(admin_client, model, factory):
    obj = factory()
    assert admin_client.get(reverse(f"admin:contacts_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:contacts_{model}_change", args=[obj.pk])).status_code == 200
