"""modeltranslation registrations for directorates and leaders; history registered after them."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Directorate, Leader


@register(Directorate)
class DirectorateTranslation(TranslationOptions):
    fields = ("name", "slug", "summary", "body")
    empty_values = {"slug": None}


@register(Leader)
class LeaderTranslation(TranslationOptions):
    fields = ("title", "photo_alt", "bio")


for model in (Directorate, Leader):
    simple_history.register(model, app="directorates")
