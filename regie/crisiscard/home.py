"""Home-page sections for crisis-card work (filled in by the request pages)."""
