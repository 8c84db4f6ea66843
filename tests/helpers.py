"""Small helpers shared by tests in several folders: the staff password, an admin change form's
address, and a free local port for a server a test starts."""

import socket

from django.urls import reverse

PASSWORD = "A-long-passphrase-for-tests-1"  # tests.iceinfo.admin_helpers.staff_user's default


def change_url(obj):
    """The admin change form of ``obj``."""
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
