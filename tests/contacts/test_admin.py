"""Admin: language tabs, coverage inline, history, for field offices and the other contacts models."""

import pytest
from django.urls import reverse

from .factories import ContactChannelFactory, CoverageFactory, FieldOfficeFactory, InternationalOfficeFactory


@pytest.mark.django_db
def test_field_office_admin(admin_client):
    coverage = CoverageFactory(county="Harris")
    office = coverage.office
    other = FieldOfficeFactory()
    found = admin_client.get(reverse("admin:contacts_fieldoffice_changelist"), {"q": "Harris"})
    assert found.status_code == 200
    html = found.content.decode()  # the search reaches the coverage: only the office covering Harris
    assert office.name_en in html and other.name_en not in html
    response = admin_client.get(reverse("admin:contacts_fieldoffice_change", args=[office.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("name_en", "name_es", "area_of_responsibility_es", "notes_es", "source", "verified_on"):
        assert f'name="{name}"' in html
    assert "coverage-0-county" in html
    assert "googleapis" not in html
    history = admin_client.get(reverse("admin:contacts_fieldoffice_history", args=[office.pk]))
    assert history.status_code == 200 and office.name_en in history.content.decode()
    assert office.history.first().name_es == office.name_es


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "factory"),
    [("internationaloffice", InternationalOfficeFactory), ("contactchannel", ContactChannelFactory)],
)
def test_other_admins(admin_client, model, factory):
    obj = factory()
    listing = admin_client.get(reverse(f"admin:contacts_{model}_changelist"))
    assert listing.status_code == 200 and obj.name_en in listing.content.decode()
    change = admin_client.get(reverse(f"admin:contacts_{model}_change", args=[obj.pk]))
    assert change.status_code == 200
    html = change.content.decode()
    assert f'value="{obj.name_en}"' in html and f'value="{obj.name_es}"' in html  # the form holds this row
