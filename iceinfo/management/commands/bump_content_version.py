"""`manage.py bump_content_version`: purge the page cache on every app server.

Moves the content version (kept in the database) forward by a random step, so that no page or frame
stored for an earlier version, or for a version a restored database had before, is served again.
Use it after restoring a backup, after changing templates or static files without an edit, or when
pages look stale.
"""

import secrets

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F

from iceinfo.models import ContentVersion
from iceinfo.serving import cache


class Command(BaseCommand):
    help = "Invalidate every cached page and frame on every app server (moves the content version on)."

    def handle(self, *args, **options):
        with transaction.atomic():
            step = secrets.randbits(32) + 1
            if not ContentVersion.objects.filter(pk=1).update(value=F("value") + step):
                ContentVersion.objects.create(pk=1, value=secrets.randbits(48) + 1)
        version = cache.refresh_schedule_boundary()
        if cache.take_mirror_failure():
            self.stderr.write(
                self.style.WARNING(
                    f"content version is now {version}; the shared cache did not answer: every server "
                    "shows the change within a few seconds of it answering again"
                )
            )
        else:
            self.stdout.write(f"content version is now {version}: every app server rebuilds its pages")
