from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Contacts")
    site_content = True  # its rows are site content (iceinfo.models.content_apps)
    seed_module = "contacts.seed"  # loaded by load_seed_content (iceinfo.seeding.seed_hooks)
    # Lists that can be empty (see DirectoratesConfig.list_contents).
    list_contents = {"contacts:internationaloffice_list": ("InternationalOffice", {})}
