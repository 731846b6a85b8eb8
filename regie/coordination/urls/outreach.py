"""Routes for outreach."""

urlpatterns: list = []
