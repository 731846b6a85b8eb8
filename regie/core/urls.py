from django.conf import settings
from django.urls import path

from . import outbox, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
]

# Development only: read the mail the file backend wrote (never in production,
# where DEBUG is off and no outbox directory is set).
if settings.DEBUG and settings.REGIE_OUTBOX_DIR:
    urlpatterns.append(path("dev/outbox/", outbox.outbox, name="outbox"))
