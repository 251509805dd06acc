from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from markdownx.views import MarkdownifyView

from api import infobutton
from articles.feeds import LatestArticlesFeed
from config import api as api_v1
from config.views import home
from portal.admin import reports
from portal.codes import admin as code_admin
from portal.ops.security import CheckedImageUploadView
from portal.pages import views
from portal.seo.sitemaps import sitemaps
from portal.text.views import readability_check

# markdownx's own URLs, at its default /markdownx/ prefix, but for staff only: the
# preview and image upload are editing tools, not public endpoints.
markdownx_patterns = [
    path("upload/", staff_member_required(CheckedImageUploadView.as_view()), name="markdownx_upload"),
    path("markdownify/", staff_member_required(MarkdownifyView.as_view()), name="markdownx_markdownify"),
    path("readability/", staff_member_required(readability_check), name="readability_check"),
]

urlpatterns = [
    path("", home, name="home"),
    path("search/", views.search_page, name="search"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps()}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("feeds/", include(([path("articles/", LatestArticlesFeed(), name="articles")], "feeds"))),
    path("conditions/", include("conditions.urls")),
    path("medications/", include("medications.urls")),
    path("", include("articles.urls")),
    path("api/v1/", api_v1.urls),
    path("infobutton/", infobutton.infobutton, name="infobutton"),
    path("glossary/", include("glossary.urls")),
    path("markdownx/", include(markdownx_patterns)),
    path("admin/codes/icd10cm/", admin.site.admin_view(code_admin.icd10cm_lookup), name="admin-icd10cm-lookup"),
    path("admin/broken-links/", admin.site.admin_view(reports.broken_links_report), name="admin-broken-links"),
    path("admin/", admin.site.urls),
]

handler400 = "config.views.bad_request"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"

if settings.DEBUG:
    # In production uploaded media is served by the web server or the storage backend.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
