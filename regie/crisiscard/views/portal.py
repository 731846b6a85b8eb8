"""Crisis-card views: portal."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
