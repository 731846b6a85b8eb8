"""Crisis-card views: plan."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
