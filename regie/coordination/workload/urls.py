"""Routes for workload: own work, team leads' view, the region's dashboard and thresholds."""

from django.urls import path

from . import views as workload

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
]
