"""Routes for a person's own calendar page and their public feed address."""

from django.urls import path

from . import views

urlpatterns = [
    path("calendar/", views.my_calendar, name="my_calendar"),
    path("calendar/new-address/", views.my_calendar_renew, name="my_calendar_renew"),
    path("calendar/<str:token>.ics", views.ical_feed, name="ical_feed"),
]
