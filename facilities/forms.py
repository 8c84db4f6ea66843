"""The detention facility directory's GET form: place search, state, field office and type."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from contacts.forms import PlaceSearchForm, place_field


def type_value(code):
    """A facility type's value in the address: "USMS IGA" -> "usms-iga"."""
    return slugify(code)


class FacilityFilterForm(PlaceSearchForm):
    SELECTS = ("state", "office", "type")

    q = place_field(_("For example 77060, or Houston, TX. The nearest facilities come first."))
    office = forms.ChoiceField(label=_("Field office"), required=False)
    type = forms.ChoiceField(label=_("Facility type"), required=False)

    def __init__(self, data, offices, types):
        """``offices``: [(slug, name)] of live field offices; ``types``: the FacilityType rows."""
        super().__init__(data)
        self.fields["office"].choices = [("", _("All field offices")), *offices]
        self.fields["type"].choices = [("", _("All facility types"))] + [
            (type_value(kind.code), f"{kind.code}: {kind.label}") for kind in types
        ]
