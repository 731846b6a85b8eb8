"""Anonymised regional reports."""

from __future__ import annotations

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:region_slug>/", views.region_report_page, name="region_report"),
    path("<slug:region_slug>/csv/", views.region_report_csv, name="region_report_csv"),
    path("<slug:region_slug>/pdf/", views.region_report_pdf, name="region_report_pdf"),
]
