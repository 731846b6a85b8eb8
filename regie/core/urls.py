from django.conf import settings
from django.urls import path

from . import health, outbox, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    # Answered by health.ProbeMiddleware before any other middleware; named here
    # so they can be reversed and appear in the permission matrix.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

# Development only: read the mail the file backend wrote (never in production,
# where DEBUG is off and no outbox directory is set).
if settings.DEBUG and settings.REGIE_OUTBOX_DIR:
    urlpatterns.append(path("dev/outbox/", outbox.outbox, name="outbox"))
