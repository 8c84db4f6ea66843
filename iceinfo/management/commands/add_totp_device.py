"""Give a staff user a confirmed TOTP device and print what their authenticator app needs.

With two-factor login on (DJANGO_ADMIN_2FA, always in production) nobody reaches the admin without a
device, so the first site administrator's device is made here, on the server; site administrators then
add the other staff's devices in the admin ("TOTP devices", which shows a QR code).

    manage.py add_totp_device <username> [--name NAME] [--replace]
"""

import io
from base64 import b32encode

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

DEFAULT_NAME = "authenticator"


class _TerminalBuffer(io.StringIO):
    """Collects the QR code for one write; says it is a terminal so qrcode draws it black on white."""

    def isatty(self):
        return True


def qr_text(data, terminal):
    """``data`` as a QR code drawn with text characters, or "" when the qrcode package is missing."""
    try:
        import qrcode
    except ModuleNotFoundError:
        return ""
    code = qrcode.QRCode(border=2)
    code.add_data(data)
    buffer = _TerminalBuffer() if terminal else io.StringIO()
    code.print_ascii(out=buffer, tty=terminal)
    return buffer.getvalue()


class Command(BaseCommand):
    help = (
        "Create a confirmed TOTP (authenticator app) device for an active staff user and print its "
        "otpauth:// address, a QR code and the key, to enrol the first site administrator."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default=DEFAULT_NAME, help=f'The device\'s name (default "{DEFAULT_NAME}").')
        parser.add_argument(
            "--replace", action="store_true", help="Delete the user's device of that name first (a lost phone)."
        )

    def handle(self, *args, username, name, replace, **options):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            raise CommandError(f'There is no user "{username}".') from None
        if not user.is_active:
            raise CommandError(f'The user "{username}" is inactive: activate the account first.')
        if not user.is_staff:
            raise CommandError(f'The user "{username}" is not staff: only staff sign in to the admin.')
        name = name.strip() or DEFAULT_NAME
        with transaction.atomic():
            existing = TOTPDevice.objects.filter(user=user, name=name)
            if existing.exists():
                if not replace:
                    raise CommandError(
                        f'"{username}" already has a TOTP device named "{name}": choose another --name, '
                        "or add --replace to make a new key (the old one stops working)."
                    )
                existing.delete()
            device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)

        key = b32encode(device.bin_key).decode()
        self.stdout.write(self.style.SUCCESS(f'TOTP device "{name}" created for "{username}".'))
        self.stdout.write(
            "Scan the QR code (or type the key) in an authenticator app, then sign in to /admin/ with the "
            "6-digit code it shows. These lines are a secret: clear the terminal afterwards."
        )
        qr = qr_text(device.config_url, terminal=self.stdout.isatty())
        if qr:
            self.stdout.write(qr, ending="")
        self.stdout.write(device.config_url)
        self.stdout.write(f"Key (base32): {key}")
