from django.urls import path

from . import views
from .apitokens import views as api_token_views

app_name = "people"

urlpatterns = [
    path("me/", views.me, name="me"),
    *api_token_views.urlpatterns,
    path("trajectories/", views.trajectories, name="trajectories"),
    path("trajectories/add/", views.trajectory_add, name="trajectory_add"),
    path(
        "regions/<slug:region_slug>/consultants/",
        views.region_consultants,
        name="region_consultants",
    ),
    path(
        "regions/<slug:region_slug>/consultants/add/", views.consultant_add, name="consultant_add"
    ),
    path(
        "regions/<slug:region_slug>/consultants/<uuid:assignment_uuid>/",
        views.consultant_edit,
        name="consultant_edit",
    ),
    path(
        "regions/<slug:region_slug>/consultants/<uuid:assignment_uuid>/end/",
        views.consultant_end,
        name="consultant_end",
    ),
]
