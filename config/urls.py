from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import pgettext_lazy
from markdownx.views import MarkdownifyView

from api import infobutton
from articles.feeds import LatestArticlesFeed
from conditions.reports import skin_tone_report
from config import api as api_v1
from config.views import home
from images.views import markdown_upload
from portal.admin import reports, rereview, translations
from portal.codes import admin as code_admin
from portal.pages import views
from portal.reads import as_list
from portal.seo.sitemaps import sitemaps
from portal.text.views import readability_check

# markdownx's own URLs, at its default /markdownx/ prefix, but for staff only: the
# preview and image upload are editing tools, not public endpoints. An image dropped into a
# Markdown box joins the image library (images/views.py).
markdownx_patterns = [
    path("upload/", markdown_upload, name="markdownx_upload"),
    path("markdownify/", staff_member_required(MarkdownifyView.as_view()), name="markdownx_markdownify"),
    path("readability/", staff_member_required(readability_check), name="readability_check"),
]

# Patients' pages, in every language: English where they have always been, another language
# under its prefix with the path words in that language (/es/condiciones/sindrome-poems/).
# The words are translated with the "address" context (locale/*/LC_MESSAGES/django.po).
pages = i18n_patterns(
    path("", home, name="home"),
    path(pgettext_lazy("address", "search/"), views.search_page, name="search"),
    path(
        pgettext_lazy("address", "feeds/"),
        include(
            ([path(pgettext_lazy("address", "articles/"), as_list(LatestArticlesFeed()), name="articles")], "feeds")
        ),
    ),
    path(pgettext_lazy("address", "conditions/"), include("conditions.urls")),
    path(pgettext_lazy("address", "medications/"), include("medications.urls")),
    path("", include("articles.urls")),
    path(pgettext_lazy("address", "glossary/"), include("glossary.urls")),
    path(pgettext_lazy("address", "feedback/"), include("feedback.urls")),
    prefix_default_language=False,
)

urlpatterns = [
    *pages,
    path("sitemap.xml", as_list(sitemap), {"sitemaps": sitemaps()}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("images/", include("images.urls")),
    path("api/v1/", api_v1.urls),
    path("infobutton/", infobutton.infobutton, name="infobutton"),
    path("markdownx/", include(markdownx_patterns)),
    path("admin/codes/icd10cm/", admin.site.admin_view(code_admin.icd10cm_lookup), name="admin-icd10cm-lookup"),
    path("admin/broken-links/", admin.site.admin_view(reports.broken_links_report), name="admin-broken-links"),
    path("admin/translations/", admin.site.admin_view(translations.coverage_view), name="admin-translations"),
    path("admin/skin-tones/", admin.site.admin_view(skin_tone_report), name="admin-skin-tones"),
    path(
        "admin/sources-changed/<int:pk>/",
        admin.site.admin_view(rereview.source_change_view),
        name="admin-source-change",
    ),
    path("admin/", admin.site.urls),
]

handler400 = "config.views.bad_request"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"

if settings.DEBUG:
    # In production uploaded media is served by the web server or the storage backend.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
