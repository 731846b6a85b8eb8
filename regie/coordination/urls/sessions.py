"""Routes for sessions."""

urlpatterns: list = []
