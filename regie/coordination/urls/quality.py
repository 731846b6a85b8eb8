"""Routes for quality."""

urlpatterns: list = []
