"""Home-page sections for quality (see regie.core.home)."""
