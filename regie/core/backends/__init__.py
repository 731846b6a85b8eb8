"""Database backends: Django's own with small additions."""
