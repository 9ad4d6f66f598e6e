from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from kezek.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("office/", include("kezek.workflow.urls")),
    path("queue/", include("kezek.housing_queue.urls")),
    path("documents/", include("kezek.paperwork.urls")),
    path("verify/<str:code>/", include("kezek.paperwork.verify_urls")),
    path("self-check/", include("kezek.decisions.urls")),
    path("portal/", include("kezek.portal.urls")),
    path("", include("kezek.web.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "kezek.web.views.not_found"
handler500 = "kezek.web.views.server_error"
handler403 = "kezek.web.views.forbidden"
