"""Home-page sections for matching (see regie.core.home)."""
