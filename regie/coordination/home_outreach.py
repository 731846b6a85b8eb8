"""Home-page sections for outreach (see regie.core.home)."""
