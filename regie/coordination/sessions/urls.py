"""Routes for information sessions (the calendar feed: calendar/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<slug:region_slug>/sessions/", views.session_list, name="session_list"),
    path("<slug:region_slug>/sessions/new/", views.session_add, name="session_add"),
    path("<slug:region_slug>/sessions/calendar/", views.session_calendar, name="session_calendar"),
    path("sessions/mine/", views.my_sessions, name="my_sessions"),
    path("sessions/<uuid:session_uuid>/", views.session_detail, name="session_detail"),
    path("sessions/<uuid:session_uuid>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<uuid:session_uuid>/presenter/", views.session_assign, name="session_assign"),
    path("sessions/<uuid:session_uuid>/held/", views.session_held, name="session_held"),
    path("sessions/<uuid:session_uuid>/cancel/", views.session_cancel, name="session_cancel"),
]
