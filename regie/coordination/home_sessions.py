"""Home-page sections for sessions (see regie.core.home)."""
