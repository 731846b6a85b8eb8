"""Routes for workload, coaching and intervision."""

from django.urls import path

from ..views import coaching, workload

urlpatterns = [
    path("my-work/", workload.my_work, name="my_work"),
    path(
        "my-work/hours/<int:entry_id>/delete/",
        workload.time_entry_delete,
        name="time_entry_delete",
    ),
    path("team-workload/", workload.team, name="workload_team"),
    path("team-workload/<uuid:person_uuid>/", workload.team_person, name="workload_team_person"),
    path("<slug:region_slug>/workload/", workload.dashboard, name="workload"),
    path("<slug:region_slug>/workload/thresholds/", workload.thresholds, name="thresholds"),
    path(
        "<slug:region_slug>/workload/<uuid:person_uuid>/",
        workload.person,
        name="workload_person",
    ),
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
