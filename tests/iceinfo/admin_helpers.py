"""Helpers for admin tests: users in the real roles, and the POST data a browser would send."""

import io

from django import forms
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from tests.helpers import PASSWORD


def setup_roles():
    call_command("setup_roles", stdout=io.StringIO())


def staff_user(username, group=None, password=PASSWORD):
    user = User.objects.create_user(username, f"{username}@example.gov", password, is_staff=True)
    if group:
        setup_roles()
        user.groups.add(Group.objects.get(name=group))
    return user


def form_data(response, **changes):
    """Everything the admin change form in ``response`` would submit, with ``changes`` applied."""
    context = response.context
    data = {}
    for bound in context["adminform"].form:
        value = bound.value()
        widget = bound.field.widget
        if isinstance(widget, forms.MultiWidget):
            parts = widget.decompress(value) if not isinstance(value, list) else value
            for index, part in enumerate(parts):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = "" if value is None else value
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        for bound in formset.management_form:
            data[bound.html_name] = bound.value()
        for form in formset.forms:
            for bound in form:
                value = bound.value()
                data[bound.html_name] = "" if value is None else value
    data.update(changes)
    return data
