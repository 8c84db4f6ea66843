"""modeltranslation registrations for contacts; history registered after them, so that the historical
models get the per-language columns too."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import ContactChannel, Coverage, FieldOffice, InternationalOffice


@register(FieldOffice)
class FieldOfficeTranslation(TranslationOptions):
    fields = ("name", "area_of_responsibility", "notes")


@register(InternationalOffice)
class InternationalOfficeTranslation(TranslationOptions):
    fields = ("name", "region", "country", "city", "notes")


@register(ContactChannel)
class ContactChannelTranslation(TranslationOptions):
    fields = ("name", "description", "link_text")


# After modeltranslation has added the per-language fields, so history rows keep every language.
for model in (FieldOffice, Coverage, InternationalOffice, ContactChannel):
    simple_history.register(model, app="contacts")
