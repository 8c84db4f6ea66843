"""The detention facility directory's GET form: place search, state, field office and type."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from contacts.regions import STATE_CHOICES


def type_value(code):
    """A facility type's value in the address: "USMS IGA" -> "usms-iga"."""
    return slugify(code)


class FacilityFilterForm(forms.Form):
    q = forms.CharField(
        label=_("ZIP code, or city and state"),
        help_text=_("For example 77060, or Houston, TX. The nearest facilities come first."),
        required=False,
        max_length=1000,
    )
    state = forms.ChoiceField(
        label=_("State or territory"),
        required=False,
        choices=[("", _("All states and territories")), *STATE_CHOICES],
    )
    office = forms.ChoiceField(label=_("Field office"), required=False)
    type = forms.ChoiceField(label=_("Facility type"), required=False)

    def __init__(self, data, offices, types):
        """``offices``: [(slug, name)] of live field offices; ``types``: the FacilityType rows."""
        super().__init__(data)
        self.fields["office"].choices = [("", _("All field offices")), *offices]
        self.fields["type"].choices = [("", _("All facility types"))] + [
            (type_value(kind.code), f"{kind.code}: {kind.label}") for kind in types
        ]

    @classmethod
    def from_query(cls, query_dict, offices, types):
        """Bound to a request's GET; ``?zip=`` is another name for ``q``."""
        data = query_dict.copy()
        if not data.get("q") and data.get("zip"):
            data["q"] = data["zip"]
        return cls(data, offices, types)

    def selected_choices(self):
        selected = {}
        for name in ("state", "office", "type"):
            value = self[name].value()
            selected[name] = value if isinstance(value, str) and self.fields[name].valid_value(value) else ""
        return selected
