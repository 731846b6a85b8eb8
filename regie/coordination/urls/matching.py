"""Routes for matching."""

urlpatterns: list = []
