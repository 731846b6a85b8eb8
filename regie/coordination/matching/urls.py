"""Routes for matching."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("<slug:region_slug>/matching/", views.matching, name="matching"),
    path("<slug:region_slug>/matching/run/", views.matching_run, name="matching_run"),
    path(
        "<slug:region_slug>/matching/<uuid:run_uuid>/<uuid:request_uuid>/accept/",
        views.suggestion_accept,
        name="suggestion_accept",
    ),
    path(
        "<slug:region_slug>/matching/<uuid:run_uuid>/<uuid:request_uuid>/change/",
        views.suggestion_change,
        name="suggestion_change",
    ),
    path(
        "<slug:region_slug>/matching/<uuid:run_uuid>/<uuid:request_uuid>/reject/",
        views.suggestion_reject,
        name="suggestion_reject",
    ),
    path(
        "<slug:region_slug>/matching/wishes/<uuid:request_uuid>/",
        views.wish_edit,
        name="wish_edit",
    ),
    path(
        "<slug:region_slug>/matching/consultants/<uuid:person_uuid>/",
        views.work_profile_edit,
        name="work_profile_edit",
    ),
]
