"""URLs: pages inside i18n_patterns (English unprefixed); admin and health checks outside.

Each domain app's urls.py holds its own full, translatable paths (``_("contact/field-offices/")``),
so translators can give every language its own addresses.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from iceinfo import views
from iceinfo.composition import opendata
from iceinfo.composition.home import HomeView
from iceinfo.composition.inventory import ContentInventoryView, content_inventory_csv
from iceinfo.composition.search import SearchView
from iceinfo.composition.sitemaps import SITEMAPS, SiteMapView, robots_txt
from iceinfo.editing import language
from iceinfo.editing.chooser import link_chooser
from iceinfo.editing.translation_status import translation_status
from iceinfo.serving import errors, health, offline

handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error

iceinfo_patterns = (
    [
        path("", HomeView.as_view(), name="home"),
        path(_("languages/"), views.LanguagesView.as_view(), name="languages"),
        path(_("search/"), SearchView.as_view(), name="search"),
        path(_("site-map/"), SiteMapView.as_view(), name="site_map"),
        path(_("web-content-inventory/"), ContentInventoryView.as_view(), name="content_inventory"),
    ],
    "iceinfo",
)
page_patterns = (
    [path("<path:path>/", views.PageDetailView.as_view(), name="page")],
    "pages",
)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),  # readiness, as /healthz/ready
    path("healthz/ready", health.healthz, name="healthz_ready"),
    path("healthz/live", health.healthz_live, name="healthz_live"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("data/content-inventory.csv", content_inventory_csv, name="content_inventory_csv"),
    path("data/<slug:name>.<str:fmt>", opendata.dataset, name="open_data"),  # same in every language
    path(
        "admin/translation-status/",
        admin.site.admin_view(translation_status),
        name="translation_status",
    ),
    path("admin/link-chooser/", admin.site.admin_view(link_chooser), name="link_chooser"),
    path("admin/language/<str:code>/", language.choose_admin_language, name="admin_language"),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("admin/", language.admin_in_language),  # /es/admin/…: the admin in Spanish, at /admin/
    path("admin/<path:rest>", language.admin_in_language),
    path("", include(iceinfo_patterns)),
    path("", include("directorates.urls")),
    path("", include("contacts.urls")),
    path("", include("facilities.urls")),
    path("", include("news.urls")),
    # Content pages last: their paths are whatever editors make them.
    path("", include(page_patterns)),
    prefix_default_language=False,
)
