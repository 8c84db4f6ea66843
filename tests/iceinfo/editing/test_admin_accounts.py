"""Only superusers grant superuser status or permissions (issue #14, finding 9)."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from tests.iceinfo.admin_helpers import form_data, staff_user

pytestmark = pytest.mark.django_db


def test_a_site_administrator_cannot_make_anyone_a_superuser_or_give_permissions(client):
    chief = staff_user("chief", "Site administrators")
    editor = staff_user("editor", "Editors")
    client.force_login(chief)
    publish = Permission.objects.get(codename="publish_content")
    for user in (chief, editor):
        url = reverse("admin:auth_user_change", args=[user.pk])
        response = client.get(url)
        assert response.status_code == 200
        assert 'name="is_superuser"' not in response.content.decode()
        data = form_data(response, is_superuser="on", user_permissions=[publish.pk])
        client.post(url, data)
        user.refresh_from_db()
        assert not user.is_superuser and not user.user_permissions.exists()
    # Putting people in the roles stays their job.
    response = client.get(reverse("admin:auth_user_change", args=[editor.pk]))
    publishers = Group.objects.get(name="Publishers")
    assert client.post(reverse("admin:auth_user_change", args=[editor.pk]),
                       form_data(response, groups=[publishers.pk])).status_code == 302
    assert list(editor.groups.all()) == [publishers]


def test_a_site_administrator_cannot_change_what_a_group_may_do(client):
    client.force_login(staff_user("chief", "Site administrators"))
    editors = Group.objects.get(name="Editors")
    before = set(editors.permissions.values_list("pk", flat=True))
    url = reverse("admin:auth_group_change", args=[editors.pk])
    response = client.get(url)
    client.post(url, {"name": "Editors", "permissions": [p.pk for p in Permission.objects.all()]})
    assert set(editors.permissions.values_list("pk", flat=True)) == before
    assert response.status_code == 200


def test_a_site_administrator_cannot_change_a_superuser(client):
    boss = User.objects.create_superuser("boss", "boss@example.gov", "A-long-passphrase-for-tests-1")
    client.force_login(staff_user("chief", "Site administrators"))
    url = reverse("admin:auth_user_change", args=[boss.pk])
    client.post(url, {"username": "boss", "is_active": ""})
    boss.refresh_from_db()
    assert boss.is_active
    assert client.post(reverse("admin:auth_user_delete", args=[boss.pk]), {"post": "yes"}).status_code == 403


def test_a_superuser_still_can(admin_client):
    editor = staff_user("editor", "Editors")
    url = reverse("admin:auth_user_change", args=[editor.pk])
    response = admin_client.get(url)
    admin_client.post(url, form_data(response, is_superuser="on"))
    editor.refresh_from_db()
    assert editor.is_superuser
