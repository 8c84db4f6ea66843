"""The field-office locator's GET form: search text, state and office-type filters."""

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FieldOffice
from .regions import STATE_CHOICES


class FixedSelect(forms.Select):
    """A select whose options are the same for every form: each form's copy shares them."""

    def __deepcopy__(self, memo):
        result = copy.copy(self)  # as ChoiceWidget's copy, without copying (and normalizing) the options
        result.attrs = self.attrs.copy()
        memo[id(self)] = result
        return result


class FixedChoiceField(forms.ChoiceField):
    """A ChoiceField whose choices are the same for every form (the states, say): each form's copy of the
    field and its widget shares them rather than copying and normalizing the list again, as Django does
    for choices a form may change (for the 57 states and territories, about 0.1 ms per request)."""

    widget = FixedSelect

    def __deepcopy__(self, memo):
        result = forms.Field.__deepcopy__(self, memo)  # the field and its widget, without ChoiceField's copy
        result._choices = self._choices
        return result


def share_choices(field, choices):
    """Give a form's ChoiceField (and its select) ``choices``: a list of (value, label) pairs of plain
    values, which is what Django's setter would make of it, kept by the caller and shared by every form
    rather than normalized again for the field and for the widget (about 1 us an option: with a thousand
    field offices, 2 ms a request). Nothing may change the list afterwards."""
    field._choices = field.widget._choices = choices


def place_field(help_text):
    """The search box of a form that finds places (a ZIP code, or a city and state)."""
    return forms.CharField(label=_("ZIP code, or city and state"), help_text=help_text, required=False, max_length=1000)


class PlaceSearchForm(forms.Form):
    """A GET form that searches near a place (``q``, also sent as ``?zip=``) and filters by state and
    by the selects named in ``SELECTS``: the field office locator, the detention facility directory."""

    SELECTS = ("state",)

    q = place_field(_("For example 77060, or Houston, TX."))
    state = FixedChoiceField(
        label=_("State or territory"),
        required=False,
        choices=[("", _("All states and territories")), *STATE_CHOICES],
    )

    @classmethod
    def from_query(cls, query_dict, *args):
        """The form bound to a request's GET; ``?zip=`` is accepted as another name for ``q``."""
        data = query_dict.copy()
        if not data.get("q") and data.get("zip"):
            data["q"] = data["zip"]
        return cls(data, *args)

    def selected_choices(self):
        """{field: the value its select shows as chosen} for each of ``SELECTS``: the value sent when
        it is one of the choices, else "" (so an unknown value chooses nothing)."""
        selected = {}
        for name in self.SELECTS:
            value = self[name].value()
            field = self.fields[name]
            selected[name] = value if isinstance(value, str) and field.valid_value(value) else ""
        return selected


class LocatorForm(PlaceSearchForm):
    SELECTS = ("state", "type")

    type = FixedChoiceField(
        label=_("Office type"),
        required=False,
        choices=[("", _("All office types")), *FieldOffice.OfficeType.choices],
    )

    def offered_type_choices(self, live_types):
        """The type select's options: all types, then only the types with a live office (plus the
        one chosen, so the select still shows what the list is filtered by). Any valid type is
        still accepted in the address: it lists no office rather than being refused."""
        chosen = self.selected_choices()["type"]
        return [(value, label) for value, label in self.fields["type"].choices
                if value == "" or value in live_types or value == chosen]
