"""The AVG rights, one area each: access and portability, rectification,
restriction (art. 15, 16, 18, 20) and erasure (art. 17)."""

from django.urls import URLPattern, URLResolver

from .erasure.views import urlpatterns as erasure_urls
from .export.views import urlpatterns as export_urls
from .rectification.views import urlpatterns as rectification_urls
from .restriction.views import urlpatterns as restriction_urls

app_name = "privacy"

urlpatterns: list[URLPattern | URLResolver] = [
    *export_urls,
    *rectification_urls,
    *restriction_urls,
    *erasure_urls,
]
