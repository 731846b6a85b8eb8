"""Home-page sections for recovery work (filled in by the case pages)."""
