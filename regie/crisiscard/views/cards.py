"""Crisis-card views: cards."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
