"""Small helpers shared by tests in several folders: the staff password and an admin change form's
address (a free local port is tests.servers.free_port)."""

from django.urls import reverse

PASSWORD = "A-long-passphrase-for-tests-1"  # tests.iceinfo.admin_helpers.staff_user's default


def change_url(obj):
    """The admin change form of ``obj``."""
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])

