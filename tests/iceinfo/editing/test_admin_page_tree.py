"""Pages as a tree (issue #21, item 8): the change list shows each page under its parent, with an
"Add child page" link that opens the add form with the parent preset; a new published child page is
listed on its parent's public page ("In this section") in every language."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from iceinfo.editing.tree import tree_order
from iceinfo.models import Page, Status
from tests.factories import PageFactory, SiteSettingsFactory
from tests.iceinfo.admin_helpers import form_data, staff_user


@pytest.fixture
def tree(db):
    SiteSettingsFactory()
    about = PageFactory(
        title_en="About ICE", title_es="Acerca de ICE", slug_en="about-ice", slug_es="acerca-de-ice", order=10
    )
    careers = PageFactory(title_en="Careers", slug_en="careers", slug_es="empleos", order=20)
    mission = PageFactory(
        title_en="Mission",
        title_es="Misión",
        slug_en="mission",
        slug_es="mision",
        parent=about,
        order=20,
        summary_en="What ICE does.",
        summary_es="Lo que hace ICE.",
    )
    history = PageFactory(
        title_en="History", title_es="Historia", slug_en="history", slug_es="historia", parent=about, order=10
    )
    early = PageFactory(title_en="Early years", slug_en="early", slug_es="inicios", parent=history, order=10)
    return {"about": about, "careers": careers, "mission": mission, "history": history, "early": early}


def test_tree_order_puts_children_under_their_parent_in_their_order(tree):
    ordered, depths = tree_order(Page)
    names = [Page.objects.get(pk=pk).title for pk in ordered]
    assert names == ["About ICE", "History", "Early years", "Mission", "Careers"]
    assert [depths[tree[key].pk] for key in ("about", "history", "early", "mission", "careers")] == [0, 1, 2, 1, 0]


def test_the_change_list_shows_the_tree_with_add_child_links(client, tree):
    client.force_login(staff_user("editor", "Editors"))
    response = client.get(reverse("admin:iceinfo_page_changelist"))
    html = response.content.decode()
    titles = re.findall(
        r'<th class="field-tree_title"><a href="[^"]+">(?:<span[^>]*><span[^>]*>↳</span>)?([^<]+)', html
    )
    assert titles == ["About ICE", "History", "Early years", "Mission", "Careers"]
    assert "iceinfo-tree iceinfo-tree--2" in html  # Early years, two levels down
    add = reverse("admin:iceinfo_page_add")
    assert f'href="{add}?parent={tree["about"].pk}"' in html and "Add child page" in html
    # Sorting by a column still works (and is then a flat list).
    response = client.get(reverse("admin:iceinfo_page_changelist"), {"o": "3"})
    assert response.status_code == 200


def test_users_who_cannot_add_pages_get_no_add_child_links(client, tree):
    from django.contrib.auth.models import Permission

    user = staff_user("viewer")
    user.user_permissions.add(Permission.objects.get(codename="view_page"))
    client.force_login(user)
    html = client.get(reverse("admin:iceinfo_page_changelist")).content.decode()
    assert "Early years" in html and "Add child page" not in html


def test_add_child_page_presets_the_parent_and_the_parent_menu_is_a_tree(client, tree):
    client.force_login(staff_user("publisher", "Publishers"))
    response = client.get(reverse("admin:iceinfo_page_add"), {"parent": tree["about"].pk})
    form = response.context["adminform"].form
    assert str(form["parent"].value()) == str(tree["about"].pk)
    html = response.content.decode()
    assert f'<option value="{tree["about"].pk}" selected>About ICE (/about-ice/)</option>' in html
    assert "— — Early years (/about-ice/history/early/)" in html
    # A bad parent in the address is ignored, never a 500.
    assert client.get(reverse("admin:iceinfo_page_add"), {"parent": "x'<"}).status_code == 200


def test_a_page_cannot_be_moved_under_itself_or_its_children(client, tree):
    client.force_login(staff_user("publisher", "Publishers"))
    change = reverse("admin:iceinfo_page_change", args=[tree["about"].pk])
    response = client.get(change)
    choices = [str(value) for value, _label in response.context["adminform"].form.fields["parent"].choices]
    assert str(tree["careers"].pk) in choices
    assert not {str(tree[key].pk) for key in ("about", "history", "early", "mission")} & set(choices)
    response = client.post(change, form_data(response, parent=tree["early"].pk))
    assert response.status_code == 200 and Page.objects.get(pk=tree["about"].pk).parent_id is None


def test_a_new_child_page_shows_on_its_parent_in_every_language(client, tree):
    client.force_login(staff_user("publisher", "Publishers"))
    add = reverse("admin:iceinfo_page_add")
    response = client.get(add, {"parent": tree["about"].pk})
    data = form_data(
        response,
        title_en="Leadership team",
        slug_en="leadership-team",
        title_es="Equipo directivo",
        slug_es="equipo-directivo",
        status="published",
        order="30",
    )
    response = client.post(add, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    child = Page.objects.get(slug_en="leadership-team")
    assert child.parent == tree["about"]
    client.logout()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = tree["about"].get_absolute_url()
            child_url = child.get_absolute_url()
        html = client.get(url).content.decode()
        assert 'id="in-this-section"' in html, code
        section = html.split('id="in-this-section"', 1)[1].split("</nav>", 1)[0]
        assert f'href="{child_url}"' in section, code
        assert ("Equipo directivo" if code == "es" else "Leadership team") in section, code
        if code not in ("en", "es"):
            assert 'lang="en"' in section  # English standing in is marked
    # Children are listed in their order, with their summary, and only live ones.
    html = client.get("/about-ice/").content.decode()
    section = html.split('id="in-this-section"', 1)[1].split("</nav>", 1)[0]
    assert section.index("History") < section.index("Mission") < section.index("Leadership team")
    assert "What ICE does." in section and "Early years" not in section  # a grandchild is not listed


def test_a_draft_child_is_not_listed(client, tree):
    tree["mission"].status = Status.DRAFT
    tree["mission"].save()
    html = client.get("/about-ice/").content.decode()
    section = html.split('id="in-this-section"', 1)[1].split("</nav>", 1)[0]
    assert "History" in section and "Mission" not in section
    assert 'id="in-this-section"' not in client.get("/careers/").content.decode()  # no children: no section
