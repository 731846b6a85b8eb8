"""Recovery views: family."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
