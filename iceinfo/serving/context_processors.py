"""Context for every template: the page frame, loaded lazily (the admin never pays for it)."""

from django.utils.functional import SimpleLazyObject

from iceinfo.serving.frame import get_frame


def site_frame(request):
    frame = SimpleLazyObject(get_frame)
    return {"frame": frame}
