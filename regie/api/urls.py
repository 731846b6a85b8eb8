"""Mounted at /api/v1/ by regie/urls.py; URL names are `api:<operation url_name>`."""

from django.urls import path

from regie.api.core import api

urlpatterns = [path("", api.urls)]
