"""Comparing any two versions in an object's revision history (iceinfo.editing.history.HistoryCompareMixin):
the history page's From/To form, the readable diff of every changed field in every language, who saved
each version and when, revert links, and clear answers to bad requests."""

import re

import pytest
from django.urls import reverse

from tests.factories import DirectorateFactory, SiteSettingsFactory
from tests.iceinfo.admin_helpers import form_data, staff_user

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse("admin:directorates_directorate_change", args=[obj.pk])


def compare_url(obj):
    return reverse("admin:directorates_directorate_history_compare", args=[obj.pk])


def save_in_admin(client, obj, **changes):
    response = client.get(change_url(obj))
    response = client.post(change_url(obj), form_data(response, **changes))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors


def versions(obj):
    return list(obj.history.order_by("history_date", "history_id"))


@pytest.fixture
def directorate(admin_user):
    SiteSettingsFactory()
    return DirectorateFactory(
        name_en="Enforcement Office",
        summary_en="<p>The first English summary.</p>",
        summary_es="<p>El primer resumen.</p>",
    )


@pytest.fixture
def three_versions(admin_client, directorate):
    """Version 1: created; 2: the Spanish summary changed; 3: the English name changed."""
    save_in_admin(admin_client, directorate, summary_es="<p>El segundo resumen, revisado.</p>")
    save_in_admin(admin_client, directorate, name_en="Removal Operations Office")
    first, second, third = versions(directorate)
    return first, second, third


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_history_page_offers_from_and_to_radio_buttons_in_a_get_form(admin_client, directorate, three_versions):
    first, second, third = three_versions
    html = admin_client.get(reverse("admin:directorates_directorate_history", args=[directorate.pk])).content.decode()
    form = re.search(r'<form method="get" action="([^"]+)" id="iceinfo-history-compare">', html)
    assert form and form.group(1) == compare_url(directorate)
    for record in (first, second, third):
        assert f'name="from" value="{record.pk}"' in html and f'name="to" value="{record.pk}"' in html
    # the two newest versions are chosen already: one press compares the last save
    assert re.search(rf'name="to" value="{third.pk}" id="[^"]+" checked', html)
    assert re.search(rf'name="from" value="{second.pk}" id="[^"]+" checked', html)
    assert 'style="' not in html.split('id="change-history"')[1]  # no inline style: our CSP forbids it


def test_comparing_version_1_with_3_shows_the_changes_of_both_later_saves(admin_client, directorate, three_versions):
    first, _second, third = three_versions
    response = admin_client.get(compare_url(directorate), {"from": first.pk, "to": third.pk})
    assert response.status_code == 200
    html = text(response)
    changes = html.split('id="compare-changes"')[1]
    # save 2 (Spanish summary) and save 3 (English name), each field labelled with its language
    assert "Summary [es]" in changes and "Name [en]" in changes
    assert "El <del>primer resumen.</del>" in changes and "El <ins>segundo resumen, revisado.</ins>" in changes
    assert "<del>Enforcement</del> Office" in changes and "<ins>Removal Operations</ins> Office" in changes
    assert "Summary [en]" not in changes  # unchanged fields are not listed
    assert ">Version<" not in changes and ">Updated<" not in changes  # bookkeeping columns left out
    # who saved each version, and links to revert to either
    saved_by = re.search(r'<th scope="row">Saved by</th> <td>([^<]*)</td><td>([^<]*)</td>', html)
    assert saved_by and saved_by.groups() == ("unknown", "admin")  # the factory saved version 1
    for record in (first, third):
        url = reverse("admin:directorates_directorate_simple_history", args=[directorate.pk, record.pk])
        assert f'href="{url}"' in html
    assert "Revert to version 1" in html and "Revert to version 3" in html


def test_the_older_version_is_always_shown_first(admin_client, directorate, three_versions):
    first, _second, third = three_versions
    forward = admin_client.get(compare_url(directorate), {"from": first.pk, "to": third.pk})
    backward = admin_client.get(compare_url(directorate), {"from": third.pk, "to": first.pk})
    assert forward.context["changes"] == backward.context["changes"]
    assert [v["position"] for v in backward.context["versions"]] == [1, 3]


def test_consecutive_versions_show_only_that_save(admin_client, directorate, three_versions):
    _first, second, third = three_versions
    changes = admin_client.get(compare_url(directorate), {"from": second.pk, "to": third.pk}).context["changes"]
    assert [str(change["field"]) for change in changes] == ["Name [en]"]


def test_the_same_version_twice_is_explained(admin_client, directorate, three_versions):
    first = three_versions[0]
    response = admin_client.get(compare_url(directorate), {"from": first.pk, "to": first.pk})
    assert response.status_code == 200
    assert "the same version twice" in text(response)


def test_html_in_old_values_is_escaped(admin_client, directorate):
    directorate.name_en = 'Office &lt;script&gt;alert("x")&lt;/script&gt; <img src=x onerror=alert(1)> end'
    directorate.save()
    save_in_admin(admin_client, directorate, name_en="Plain office name")
    old, new = versions(directorate)[-2:]
    html = admin_client.get(compare_url(directorate), {"from": old.pk, "to": new.pk}).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({}, 400, "Choose two versions to compare"),
        ({"from": "1"}, 400, "Choose two versions to compare"),
        ({"from": "", "to": "2"}, 400, "Choose two versions to compare"),
        ({"from": "abc", "to": "1"}, 400, "“abc” is not a version number."),
        ({"from": "1.5", "to": "1"}, 400, "“1.5” is not a version number."),
        ({"from": "<b>x</b>", "to": "1"}, 400, "“&lt;b&gt;x&lt;/b&gt;” is not a version number."),
        ({"from": "99999999999999999999999", "to": "1"}, 404, "There is no version 99999999999999999999999"),
        ({"from": "-3", "to": "1"}, 404, "There is no version -3 of this item."),
    ],
)
def test_bad_parameters_get_a_clear_answer(admin_client, directorate, params, status, message):
    response = admin_client.get(compare_url(directorate), params)
    assert response.status_code == status
    html = text(response)
    assert message in html
    assert reverse("admin:directorates_directorate_history", args=[directorate.pk]) in html  # a way back


def test_a_version_of_another_object_is_not_found(admin_client, directorate, three_versions):
    other = DirectorateFactory()
    other_version = other.history.get()
    response = admin_client.get(compare_url(directorate), {"from": three_versions[0].pk, "to": other_version.pk})
    assert response.status_code == 404
    assert f"There is no version {other_version.pk} of this item." in text(response)


@pytest.mark.parametrize("object_id", ["not-a-number", "987654"])
def test_an_unknown_object_is_not_found(admin_client, directorate, object_id):
    url = reverse("admin:directorates_directorate_history_compare", args=[object_id])
    assert admin_client.get(url, {"from": "1", "to": "2"}).status_code == 404


def test_a_deleted_object_can_still_be_compared(admin_client, directorate, three_versions):
    first, _second, third = three_versions
    directorate_pk = directorate.pk
    directorate.delete()
    url = reverse("admin:directorates_directorate_history_compare", args=[directorate_pk])
    response = admin_client.get(url, {"from": first.pk, "to": third.pk})
    assert response.status_code == 200 and "Removal Operations" in text(response)


def test_staff_without_view_permission_is_refused(client, directorate, three_versions):
    client.force_login(staff_user("nobody"))  # staff, but in no group
    first, _second, third = three_versions
    response = client.get(compare_url(directorate), {"from": first.pk, "to": third.pk})
    assert response.status_code == 403
    assert client.get(compare_url(directorate)).status_code == 403  # refused before parameters are read


def test_editors_may_compare_as_they_may_view_history(client, directorate, three_versions):
    client.force_login(staff_user("editor", "Editors"))
    first, _second, third = three_versions
    response = client.get(compare_url(directorate), {"from": first.pk, "to": third.pk})
    assert response.status_code == 200 and "<ins>segundo resumen, revisado.</ins>" in text(response)


def test_every_content_admin_has_the_compare_view(admin_client):
    from django.contrib import admin

    from iceinfo.editing.history import HistoryCompareMixin

    with_history = [
        model_admin for model_admin in admin.site._registry.values()
        if getattr(model_admin.model._meta, "simple_history_manager_attribute", None)
    ]
    assert len(with_history) >= 5
    for model_admin in with_history:
        assert isinstance(model_admin, HistoryCompareMixin), type(model_admin).__name__
        opts = model_admin.model._meta
        reverse(f"admin:{opts.app_label}_{opts.model_name}_history_compare", args=[1])
