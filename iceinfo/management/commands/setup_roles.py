"""Create or update the three staff roles. Safe to run again: each group ends up with exactly these rights.

- Editors: add, change and view content; no publishing (status and schedule) and no deleting.
- Publishers: everything editors do, plus publish (iceinfo.publish_content) and delete content.
- Site administrators: users, groups, site settings and staff's two-factor (TOTP) devices.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand

from iceinfo.models import content_apps

EDITORS = "Editors"
PUBLISHERS = "Publishers"
SITE_ADMINS = "Site administrators"
NOT_CONTENT = {"iceinfo.sitesettings", "iceinfo.seedrecord", "iceinfo.contentdraft"}


def content_models():
    for config in content_apps():
        for model in config.get_models():
            label = model._meta.label_lower
            if label in NOT_CONTENT or hasattr(model, "history_object") or model._meta.proxy:
                continue
            yield model


def permissions_for(models, actions):
    wanted = []
    for model in models:
        content_type = ContentType.objects.get_for_model(model)
        codenames = [f"{action}_{model._meta.model_name}" for action in actions]
        wanted += list(Permission.objects.filter(content_type=content_type, codename__in=codenames))
    return wanted


class Command(BaseCommand):
    help = "Create or update the Editors, Publishers and Site administrators groups (idempotent)."

    def handle(self, *args, **options):
        from django.contrib.auth import get_user_model
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from iceinfo.models import SiteSettings

        content = list(content_models())
        publish = Permission.objects.get(content_type__app_label="iceinfo", codename="publish_content")
        roles = {
            EDITORS: permissions_for(content, ("add", "change", "view")),
            PUBLISHERS: permissions_for(content, ("add", "change", "view", "delete")) + [publish],
            SITE_ADMINS: permissions_for(
                [get_user_model(), Group, SiteSettings, TOTPDevice], ("add", "change", "view", "delete")
            )
            + permissions_for([Permission], ("view",)),
        }
        for name, permissions in roles.items():
            group, created = Group.objects.get_or_create(name=name)
            group.permissions.set(permissions)
            verb = "created" if created else "updated"
            self.stdout.write(f"{name}: {verb}, {len(permissions)} permissions")
