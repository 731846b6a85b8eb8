"""Personal API tokens: making, revoking and checking them (pages in views.py)."""
