"""modeltranslation registrations for facilities; history registered after them (see RECIPES §1).

A facility's name is not translated: it stays as ICE spells it. What visitors read about it (its
type's name and explanation, notes) is."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import DetentionFacility, FacilityType


@register(FacilityType)
class FacilityTypeTranslation(TranslationOptions):
    fields = ("label", "explanation")


@register(DetentionFacility)
class DetentionFacilityTranslation(TranslationOptions):
    fields = ("notes",)


for model in (FacilityType, DetentionFacility):
    simple_history.register(model, app="facilities")
