"""Admin: language tabs and history for directorates and leaders."""

import pytest
from django.urls import reverse

from tests.factories import DirectorateFactory, LeaderFactory


@pytest.mark.parametrize("model", ["directorate", "leader"])
def test_admin_pages_open(admin_client, db, model):
    obj = DirectorateFactory() if model == "directorate" else LeaderFactory()
    for name, args in (("changelist", []), ("add", []), ("change", [obj.pk]), ("history", [obj.pk])):
        response = admin_client.get(reverse(f"admin:directorates_{model}_{name}", args=args))
        assert response.status_code == 200, name
    html = admin_client.get(reverse(f"admin:directorates_{model}_change", args=[obj.pk])).content.decode()
    assert "mt-field-" in html and "googleapis" not in html


def test_directorate_history_keeps_every_language(db):
    directorate = DirectorateFactory(summary_es="<p>Uno.</p>")
    directorate.summary_es = "<p>Dos.</p>"
    directorate.save()
    assert [h.summary_es for h in directorate.history.all()] == ["<p>Dos.</p>", "<p>Uno.</p>"]
