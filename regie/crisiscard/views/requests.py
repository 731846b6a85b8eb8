"""Crisis-card views: requests."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
