"""Routes for workload."""

urlpatterns: list = []
