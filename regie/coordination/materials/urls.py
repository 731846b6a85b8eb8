"""Routes for communication materials."""

from django.urls import path

from . import views

urlpatterns = [
    path("materials/library/", views.material_list, name="material_list"),
    path("<slug:region_slug>/materials/new/", views.material_add, name="material_add"),
    path("materials/<uuid:material_uuid>/", views.material_detail, name="material_detail"),
    path("materials/<uuid:material_uuid>/upload/", views.material_upload, name="material_upload"),
    path(
        "materials/<uuid:material_uuid>/archive/", views.material_archive, name="material_archive"
    ),
    path(
        "materials/<uuid:material_uuid>/restore/", views.material_restore, name="material_restore"
    ),
    path(
        "materials/<uuid:material_uuid>/v<int:number>/download/",
        views.material_download,
        name="material_download",
    ),
]
