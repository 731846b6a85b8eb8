"""Coordination URLs: the hub, then each area's routes from its own `<area>/urls.py`."""

from django.urls import path

from . import views
from .calendar import urls as calendar
from .coaching import urls as coaching
from .consultations import urls as consultations
from .matching import urls as matching
from .materials import urls as materials
from .outreach import urls as outreach
from .quality import urls as quality
from .sessions import urls as sessions
from .social_map import urls as social_map
from .workload import urls as workload

app_name = "coordination"

urlpatterns = [
    path("", views.index, name="index"),
    *matching.urlpatterns,
    *workload.urlpatterns,
    *coaching.urlpatterns,
    *quality.urlpatterns,
    *sessions.urlpatterns,
    *materials.urlpatterns,
    *outreach.urlpatterns,
    *social_map.urlpatterns,
    *consultations.urlpatterns,
    *calendar.urlpatterns,
]
