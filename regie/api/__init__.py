"""/api/v1/: one NinjaAPI (core.py) with the routers each app keeps in its api.py."""
