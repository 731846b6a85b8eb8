from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from regie.core import views as core_views

# The admin logs in through allauth, so lockout and MFA apply there too.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]  # wrap the admin's own login view
admin.site.site_header = "Regie"

urlpatterns = [
    path("", include("regie.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("activeren/", include("regie.people.activation.views")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("audit/", include("regie.audit.urls")),
    path("people/", include("regie.people.urls")),
    path("recovery/", include("regie.recovery.urls")),
    path("crisiskaart/", include("regie.crisiscard.urls")),
    path("coordination/", include("regie.coordination.urls")),
    path("reports/", include("regie.reports.urls")),
    path("privacy/", include("regie.privacy.urls")),
    path("api/v1/", include("regie.api.urls")),
    path("admin/", admin.site.urls),
]

handler403 = core_views.error_403
handler404 = core_views.error_404
handler500 = core_views.error_500
