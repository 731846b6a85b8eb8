"""Coordination URLs: each area owns its routes in its own module."""

from . import hub, matching, outreach, quality, sessions, workload

app_name = "coordination"

urlpatterns = [
    *hub.urlpatterns,
    *matching.urlpatterns,
    *workload.urlpatterns,
    *quality.urlpatterns,
    *sessions.urlpatterns,
    *outreach.urlpatterns,
]
