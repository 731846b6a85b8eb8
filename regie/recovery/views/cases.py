"""Recovery views: cases."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
