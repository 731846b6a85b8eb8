"""Routes for the social map of a region."""

from django.urls import path

from . import views as social_map

urlpatterns = [
    path("<slug:region_slug>/social-map/", social_map.social_map, name="social_map"),
    path(
        "<slug:region_slug>/social-map/new/",
        social_map.social_service_add,
        name="social_service_add",
    ),
    path(
        "<slug:region_slug>/social-map/<uuid:service_uuid>/edit/",
        social_map.social_service_edit,
        name="social_service_edit",
    ),
    path(
        "<slug:region_slug>/social-map/<uuid:service_uuid>/active/",
        social_map.social_service_active,
        name="social_service_active",
    ),
]
