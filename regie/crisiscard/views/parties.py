"""Crisis-card views: parties."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
