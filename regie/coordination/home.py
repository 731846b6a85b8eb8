"""Home-page sections for coordination work (registered in apps.ready)."""
