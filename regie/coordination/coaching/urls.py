"""Routes for coaching conversations and intervision sessions."""

from django.urls import path

from . import views as coaching

urlpatterns = [
    path("<slug:region_slug>/coaching/", coaching.coaching_list, name="coaching_list"),
    path("<slug:region_slug>/coaching/add/", coaching.coaching_add, name="coaching_add"),
    path(
        "<slug:region_slug>/coaching/<uuid:session_uuid>/edit/",
        coaching.coaching_edit,
        name="coaching_edit",
    ),
    path(
        "<slug:region_slug>/coaching/<uuid:session_uuid>/delete/",
        coaching.coaching_delete,
        name="coaching_delete",
    ),
    path("<slug:region_slug>/intervision/", coaching.intervision_list, name="intervision_list"),
    path("<slug:region_slug>/intervision/add/", coaching.intervision_add, name="intervision_add"),
    path(
        "<slug:region_slug>/intervision/<uuid:session_uuid>/edit/",
        coaching.intervision_edit,
        name="intervision_edit",
    ),
    path(
        "<slug:region_slug>/intervision/<uuid:session_uuid>/delete/",
        coaching.intervision_delete,
        name="intervision_delete",
    ),
]
