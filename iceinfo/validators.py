"""The one validator of every address an editor types (alert links, links, contact channels, site
settings): a full https:// or http:// address, a mailto: or tel: address, or a clean path on this site.
Nothing else: no javascript: or data:, no protocol-relative //host, no /\\host (browsers read a
backslash as a slash), no spaces or control characters."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext_lazy as _

MESSAGE = _("Use a full https:// address or a path starting with /.")
WEB = URLValidator(schemes=["http", "https"])
TEL = re.compile(r"tel:\+?[0-9][0-9().\- ]{2,30}")
SITE_PATH = re.compile(r"/(?![/\\])[^\\\s\x00-\x1f\x7f]*")


def validate_address(value, field=None):
    """Raise ValidationError (on ``field`` when given) unless ``value`` is an address editors may use."""
    if not value or is_address(value):
        return
    raise ValidationError({field: MESSAGE} if field else MESSAGE, code="invalid_address")


def is_address(value):
    if value != value.strip() or any(ord(char) < 32 or ord(char) == 127 for char in value):
        return False
    lowered = value.lower()
    if lowered.startswith(("https://", "http://")):
        try:
            WEB(value)
        except ValidationError:
            return False
        return "\\" not in value
    if lowered.startswith("mailto:"):
        try:
            validate_email(value[len("mailto:"):].split("?", 1)[0])
        except ValidationError:
            return False
        return True
    if lowered.startswith("tel:"):
        return bool(TEL.fullmatch(value))
    return bool(SITE_PATH.fullmatch(value))
