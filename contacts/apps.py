from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Contacts")
    # Lists that can be empty (see DirectoratesConfig.list_contents).
    list_contents = {"contacts:internationaloffice_list": ("InternationalOffice", {})}
