"""The detention facility directory's GET form: place search, state, field office and type."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from contacts.forms import PlaceSearchForm, place_field, share_choices


def type_value(code):
    """A facility type's value in the address: "USMS IGA" -> "usms-iga"."""
    return slugify(code)


class FacilityFilterForm(PlaceSearchForm):
    SELECTS = ("state", "office", "type")

    q = place_field(_("For example 77060, or Houston, TX. The nearest facilities come first."))
    office = forms.ChoiceField(label=_("Field office"), required=False)
    type = forms.ChoiceField(label=_("Facility type"), required=False)

    def __init__(self, data, office_choices, type_choices):
        """``office_choices`` and ``type_choices``: the selects' options as ``office_choices`` and ``type_choices`` make them,
        kept by the caller and shared by the forms that use them (never changed)."""
        super().__init__(data)
        share_choices(self.fields["office"], office_choices)
        share_choices(self.fields["type"], type_choices)

    @staticmethod
    def office_choices(offices):
        """The office select's options, from [(slug, name)] of the live field offices."""
        return [("", _("All field offices")), *offices]

    @staticmethod
    def type_choices(types):
        """The type select's options, from the FacilityType rows (labels in the active language)."""
        return [("", _("All facility types"))] + [
            (type_value(kind.code), f"{kind.code}: {kind.label}") for kind in types
        ]
